"""Aggregations for dashboards. Every one takes the same EventFilter as /events."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from app.models import Actor, Event, EventDyad, EventParticipant, Place
from app.query import rollups
from app.query.event_filter import EventFilter, conditions
from app.schemas.actor import ActorRef
from app.schemas.place import PlaceOut
from app.schemas.stats import (
    ActorCount,
    DyadCount,
    PlaceCount,
    TypeCount,
)


def types(session: Session, f: EventFilter) -> list[TypeCount]:
    rows = session.execute(
        select(Event.plover_type, Event.quad_class, func.count())
        .where(*conditions(session, f))
        .group_by(Event.plover_type, Event.quad_class)
        .order_by(func.count().desc(), Event.plover_type)
    ).all()
    return [TypeCount(type=t, quad_class=q, count=n) for t, q, n in rows]


def _actor_refs(session: Session, ids: set[int]) -> dict[int, ActorRef]:
    if not ids:
        return {}
    return {
        a.id: ActorRef.model_validate(a)
        for a in session.execute(select(Actor).where(Actor.id.in_(ids))).scalars()
    }


def actors(session: Session, f: EventFilter, top: int) -> list[ActorCount]:
    """Actors in the most matching events, with how often they were source, target or other.

    From the rollup when the filter is a date range and types; otherwise one pass over the
    participant rows: per actor, distinct events and a count per role.
    """
    counted = rollups.actor_counts(f)
    if counted is not None:
        c = counted.c
        events_n: Any = func.sum(c.events)
        stmt = (
            select(c.actor_id, events_n, func.sum(c.as_source), func.sum(c.as_target))
            .add_columns(func.sum(c.as_other))
            .group_by(c.actor_id)
            .having(events_n > 0)
            .order_by(events_n.desc(), c.actor_id)
        )
    else:
        ep = EventParticipant
        events_n = func.count(func.distinct(ep.event_id))

        def role_n(role: str) -> Any:
            return func.sum(case((ep.role == role, 1), else_=0))

        stmt = select(
            ep.actor_id, events_n.label("n"), role_n("source"), role_n("target"), role_n("other")
        )
        if f_has_conditions(f):
            # Driven by the matching events: their ids from the events indexes, then each
            # event's participants from the (event, actor, role) index, never a pass over all
            # participants.
            stmt = (
                stmt.select_from(Event)
                .join(ep, ep.event_id == Event.id)
                .where(*conditions(session, f))
            )
        stmt = stmt.group_by(ep.actor_id).order_by(events_n.desc(), ep.actor_id)
    ranked = session.execute(stmt.limit(top)).all()
    refs = _actor_refs(session, {r[0] for r in ranked})
    return [
        ActorCount(
            actor=refs[a],
            events=int(n),
            as_source=int(src or 0),
            as_target=int(tgt or 0),
            as_other=int(oth or 0),
        )
        for a, n, src, tgt, oth in ranked
    ]


def f_has_conditions(f: EventFilter) -> bool:
    return f != EventFilter(sort=f.sort)


def _raw_dyads(session: Session, f: EventFilter) -> Any:
    """(source_id, target_id, plover_type, n) rows, one per matching event pair: a date or type
    filter from the `event_dyads` date index, any other filter through the matching events."""
    d = EventDyad
    where: list[Any] = []
    if rollups.only(f, "date_from", "date_to", "types"):
        f.validate()
        if f.date_from:
            where.append(d.event_date >= f.date_from)
        if f.date_to:
            where.append(d.event_date <= f.date_to)
        if f.types:
            where.append(d.plover_type.in_(f.types))
    else:
        where.append(d.event_id.in_(select(Event.id).where(*conditions(session, f))))
    return select(d.source_id, d.target_id, d.plover_type, literal(1).label("n")).where(*where)


def dyads(session: Session, f: EventFilter, top: int) -> list[DyadCount]:
    """The most frequent source -> target pairs, with their counts per PLOVER type.

    A date range and types are answered from the rollups (app/query/rollups.py); any other
    filter selects the matching events first."""
    ranked = rollups.top_dyads(session, f, top)
    if ranked is None:
        raw = _raw_dyads(session, f).subquery()
        n = func.sum(raw.c.n)
        ranked = [
            (s, t, int(c))
            for s, t, c in session.execute(
                select(raw.c.source_id, raw.c.target_id, n)
                .group_by(raw.c.source_id, raw.c.target_id)
                .order_by(n.desc(), raw.c.source_id, raw.c.target_id)
                .limit(top)
            )
        ]
    if not ranked:
        return []
    wanted = {(s, t) for s, t, _ in ranked}
    per_type: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    rows = rollups.dyad_counts(f)
    if rows is None:
        rows = _raw_dyads(session, f).subquery()
    type_stmt = (
        select(rows.c.source_id, rows.c.target_id, rows.c.plover_type, func.sum(rows.c.n))
        .where(
            rows.c.source_id.in_({s for s, _ in wanted}),
            rows.c.target_id.in_({t for _, t in wanted}),
        )
        .group_by(rows.c.source_id, rows.c.target_id, rows.c.plover_type)
    )
    for s, t, kind, count in session.execute(type_stmt).all():
        if (s, t) in wanted and count:
            per_type[(s, t)][kind] = int(count)
    refs = _actor_refs(session, {s for s, _ in wanted} | {t for _, t in wanted})
    return [
        DyadCount(source=refs[s], target=refs[t], count=c, by_type=per_type[(s, t)])
        for s, t, c in ranked
    ]


def places(session: Session, f: EventFilter, top: int) -> list[PlaceCount]:
    n = func.count().label("n")
    ranked = session.execute(
        select(Event.place_id, n)
        .where(Event.place_id.is_not(None), *conditions(session, f))
        .group_by(Event.place_id)
        .order_by(n.desc(), Event.place_id)
        .limit(top)
    ).all()
    ids = {p for p, _ in ranked}
    found = (
        {
            p.id: PlaceOut.model_validate(p)
            for p in session.execute(select(Place).where(Place.id.in_(ids))).scalars()
        }
        if ids
        else {}
    )
    return [PlaceCount(place=found[p], count=c) for p, c in ranked if p in found]
