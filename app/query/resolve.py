"""Turn what a client typed (an id, a name, an alias) into database ids."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias, Place
from app.normalize import normalize_name


def actor_ids(session: Session, values: list[str]) -> list[int]:
    """Ids of actors named by id, canonical name or alias (case- and accent-insensitive)."""
    ids: set[int] = set()
    names: set[str] = set()
    for value in values:
        value = value.strip()
        if value.isdigit():
            ids.add(int(value))
        elif value:
            names.add(normalize_name(value))
    if names:
        ids.update(
            session.execute(
                select(ActorAlias.actor_id).where(ActorAlias.normalized.in_(names)).distinct()
            ).scalars()
        )
    return sorted(ids)


def place_ids(session: Session, value: str) -> list[int]:
    """Ids of the place named by id or name, and of every place inside it."""
    value = value.strip()
    if value.isdigit():
        roots = [int(value)]
    else:
        roots = list(
            session.execute(select(Place.id).where(func.lower(Place.name) == value.lower())).scalars()
        )
    found = set(roots)
    frontier = list(roots)
    # Containment trees are shallow (city -> region -> country), so walk them breadth-first.
    while frontier:
        children = list(
            session.execute(select(Place.id).where(Place.parent_id.in_(frontier))).scalars()
        )
        frontier = [c for c in children if c not in found]
        found.update(frontier)
    return sorted(found)
