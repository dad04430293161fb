"""The actor network of the filtered events: the busiest source -> target pairs as edges, their
actors as nodes, each with its event count and mean Goldstein score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import SupportsFloat

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from app.models import Actor, Event, EventParticipant
from app.query.event_filter import EventFilter, conditions


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    code: str | None
    kind: str
    events: int
    goldstein: float | None


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    events: int
    goldstein: float | None


def _mean(value: SupportsFloat | None) -> float | None:
    return None if value is None else round(float(value), 2)


def network(session: Session, f: EventFilter, top: int) -> tuple[list[Node], list[Edge]]:
    """The `top` most frequent directed pairs and the actors they join."""
    src, tgt = aliased(EventParticipant), aliased(EventParticipant)
    # One row per (event, source, target): a plain count is the number of events of the pair.
    n = func.count().label("n")
    ranked = session.execute(
        select(src.actor_id, tgt.actor_id, n, func.avg(Event.goldstein))
        .join(tgt, (tgt.event_id == src.event_id) & (tgt.role == "target"))
        .join(Event, Event.id == src.event_id)
        .where(src.role == "source", src.actor_id != tgt.actor_id, *conditions(session, f))
        .group_by(src.actor_id, tgt.actor_id)
        .order_by(n.desc(), src.actor_id, tgt.actor_id)
        .limit(top)
    ).all()
    edges = [Edge(int(s), int(t), int(c), _mean(g)) for s, t, c, g in ranked]
    ids = {e.source for e in edges} | {e.target for e in edges}
    if not ids:
        return [], edges
    ep = EventParticipant
    per_actor = session.execute(
        select(ep.actor_id, func.count(func.distinct(Event.id)), func.avg(Event.goldstein))
        .join(Event, Event.id == ep.event_id)
        .where(ep.actor_id.in_(ids), *conditions(session, f))
        .group_by(ep.actor_id)
    ).all()
    stats = {int(a): (int(c), _mean(g)) for a, c, g in per_actor}
    actors = session.execute(select(Actor).where(Actor.id.in_(ids))).scalars()
    nodes = [
        Node(a.id, a.name, a.code, a.kind, *stats.get(a.id, (0, None)))
        for a in sorted(actors, key=lambda a: (-stats.get(a.id, (0, None))[0], a.id))
    ]
    return nodes, edges
