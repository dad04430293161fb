"""How many events an anchored page's filter matches (`count=true` on a page driven by one
actor's participant rows, see `anchored`): the same rows and conditions, counted once each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.db import PREPARED
from app.models import Event
from app.query.anchor_name import name_matches
from app.query.anchored import ROW, Anchor
from app.query.event_details import dialect, fetch

# (dialect, anchor shape) -> the count statement, for anchors with no other condition.
_COUNTS: dict[tuple[Any, ...], Select[Any]] = {}


def count(session: Session, a: Anchor) -> int | None:
    """Distinct events of the anchor's rows that meet the other conditions; None when the
    anchor is a name (resolved by the statement, as in `anchored.rows`) that does not name
    exactly one actor."""
    row = fetch(session, _count_statement(session, a), a.params())[0]
    if a.name is not None and row.anchor_matches != 1:
        return None
    return int(row.total)


def _count_statement(session: Session, a: Anchor) -> Select[Any]:
    cache_key = (dialect(session), a.shape())
    cached = None if a.others else _COUNTS.get(cache_key)
    if cached is not None:
        return cached
    stmt = select(ROW.event_id).where(*a.conds())
    if a.others:
        stmt = stmt.join(Event, Event.id == ROW.event_id).where(*a.others)
    total = select(func.count().label("total")).select_from(stmt.distinct().subquery())
    if a.name is not None:
        total = total.add_columns(name_matches().label("anchor_matches"))
    if not a.others:
        if a.name is not None:
            # As the page statement: the actor comes from the look-up inside, so the plan is
            # the same for every name.
            total = total.execution_options(**{PREPARED: True})
        _COUNTS[cache_key] = total
    return total
