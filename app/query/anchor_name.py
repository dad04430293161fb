"""An anchored page's actor given as one name, resolved by the page statement itself
(`anchored.rows`): which filters qualify, and the statement's count of the actors it names."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, distinct, func, select

from app.identity import normalize_name
from app.models import ActorAlias
from app.query.event_filter import EventFilter
from app.vocab import RoleFilter


def name_matches() -> Any:
    """How many actors the anchor's name names (a scalar subquery)."""
    return (
        select(func.count(distinct(ActorAlias.actor_id)))
        .where(ActorAlias.normalized == bindparam("anchor_name"))
        .scalar_subquery()
    )


def one_name(f: EventFilter, role: Any) -> tuple[list[str], str, Any, str] | None:
    """(the values, their parameter, the role, the name normalised) when the anchor is one
    actor given as one name (not an id) and the filter holds nothing else but dates; else
    None."""
    if f.actor_ids or f.dyad:
        return None
    if f.actor:
        values, param = f.actor, "actor"
    elif f.source:
        values, param, role = f.source, "source", RoleFilter.SOURCE
    elif f.target:
        values, param, role = f.target, "target", RoleFilter.TARGET
    else:
        return None
    if not f.holds_only(param, "actor_role", "sort", "date_from", "date_to"):
        return None
    value = values[0].strip() if len(values) == 1 else ""
    if not value or (value.isascii() and value.isdigit()):
        return None
    norm = normalize_name(value)
    return (values, param, role, norm) if norm else None
