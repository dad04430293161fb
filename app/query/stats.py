"""Aggregations for dashboards. Every one takes the same EventFilter as /events."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, case, cast, func, literal, select
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.models import Actor, Event, EventDyad, EventParticipant, Place
from app.query import resolve, rollups
from app.query.event_filter import EventFilter, conditions
from app.schemas.actor import ActorRef
from app.schemas.place import PlaceOut
from app.schemas.stats import (
    ActorCount,
    DyadCount,
    PlaceCount,
    TimelineBucket,
    TypeCount,
)
from app.vocab import Grain, Interval, StatsBy


def _period(session: Session, interval: Interval, day: ColumnElement[Any]) -> ColumnElement[Any]:
    """The first day of the period holding `day` (weeks start on Monday, as in ISO 8601)."""
    if interval == "day":
        return day
    if session.get_bind().dialect.name == "postgresql":
        # Through `timestamp`: a date would become a timestamptz, truncated in the session's
        # time zone, several times slower per row for the same answer.
        return cast(func.date_trunc(str(interval), cast(day, DateTime)), Date)
    if interval == "week":
        # 'weekday 0' moves to the next Sunday (or stays), six days back is that week's Monday.
        return func.date(day, "weekday 0", "-6 days")
    return func.strftime("%Y-%m-01", day)


def _as_date(value: Any) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _next_period(day: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def period_start(day: dt.date, interval: Interval) -> dt.date:
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


# A chart has no use for more bars than a screen has pixels; beyond this a coarser interval is
# asked for (422) instead of building millions of empty buckets for a wide date range.
MAX_TIMELINE_BUCKETS = 5000
_COARSER = {"day": "week or month", "week": "month", "month": "a narrower date range"}


def timeline(
    session: Session, f: EventFilter, interval: Interval, by: StatsBy | None
) -> list[TimelineBucket]:
    """Counts per period over the requested date range (or from the first to the last period
    with events where the range is open), empty periods as 0."""
    # Group by day first: that is an index-only scan over (event_date, id); the few thousand
    # days are then rolled up into weeks or months, far cheaper than truncating every row.
    group_col: Any = {"type": Event.plover_type, "quad": Event.quad_class, None: None}[by]
    per_day, at_periods = _actor_days(session, f, interval, by)
    if per_day is None:
        day_cols: list[Any] = [Event.event_date.label("day")]
        if group_col is not None:
            day_cols.append(group_col.label("grp"))
        per_day = (
            select(*day_cols, func.count().label("n"))
            .where(*conditions(session, f))
            .group_by(*day_cols)
            .subquery()
        )
    # The rollup gives rows at their period already; raw days are truncated here.
    day_col = per_day.c.day
    period = (day_col if at_periods else _period(session, interval, day_col)).label("period")
    counts: dict[dt.date, dict[str, int]] = {}
    totals: dict[dt.date, int] = {}
    if group_col is None:
        for day_, n in session.connection().execute(
            select(period, func.sum(per_day.c.n)).group_by(period)
        ):
            totals[_as_date(day_)] = int(n)
    else:
        # One row per period with its split as a JSON object, built by the database: a decade
        # of weeks by type is 520 rows to read here instead of 8,000.
        split = (
            select(period, per_day.c.grp, func.sum(per_day.c.n).label("n"))
            .group_by(period, per_day.c.grp)
            .subquery()
        )
        pg = session.get_bind().dialect.name == "postgresql"
        as_json = (func.json_object_agg if pg else func.json_group_object)(split.c.grp, split.c.n)
        for day_, n, by_json in session.connection().execute(
            select(split.c.period, func.sum(split.c.n), as_json).group_by(split.c.period)
        ):
            start = _as_date(day_)
            totals[start] = int(n)
            by_key = by_json if isinstance(by_json, dict) else json.loads(by_json)
            counts[start] = {str(k): int(v) for k, v in by_key.items()}
    first = period_start(f.date_from, interval) if f.date_from else min(totals, default=None)
    last = period_start(f.date_to, interval) if f.date_to else max(totals, default=None)
    if first is None or last is None or first > last:
        return []
    approx = (last - first).days // {"day": 1, "week": 7, "month": 28}[interval] + 1
    if approx > MAX_TIMELINE_BUCKETS:
        raise InvalidParameter(
            f"{approx} {interval} buckets is more than {MAX_TIMELINE_BUCKETS}; "
            f"use interval {_COARSER[interval]}",
            param="interval",
        )
    out: list[TimelineBucket] = []
    day = first
    while day <= last:
        out.append(
            TimelineBucket(
                period=day,
                count=totals.get(day, 0),
                by=dict(counts.get(day, {})) if group_col is not None else None,
            )
        )
        try:
            day = _next_period(day, interval)
        except OverflowError:
            break  # the period after the last representable one

    return out


def _actor_days(
    session: Session, f: EventFilter, interval: Interval, by: StatsBy | None
) -> tuple[Any, bool]:
    """Per-day counts of one actor's events (by type) straight from the participants index,
    which copies each event's date and type, or per week or month from the rollup (then True:
    the rows are at their period already); None when the filter needs the events table."""
    if by == "quad" or not f.actor:
        return None, False
    if not rollups.only(f, "actor", "actor_role", "date_from", "date_to", "types"):
        return None, False
    ep = EventParticipant
    ids = resolve.actor_ids(session, f.actor, param="actor")
    if len(ids) == 1 and interval != "day":
        f.validate()
        grain = Grain.WEEK if interval == Interval.WEEK else Grain.MONTH
        dialect = session.get_bind().dialect.name
        return rollups.actor_timeline(dialect, f, ids[0], grain, by == "type"), True
    where: list[Any] = [ep.actor_id.in_(ids)]
    if f.actor_role != "any":
        where.append(ep.role == f.actor_role)
    if f.date_from:
        where.append(ep.event_date >= f.date_from)
    if f.date_to:
        where.append(ep.event_date <= f.date_to)
    if f.types:
        where.append(ep.plover_type.in_(f.types))
    f.validate()
    cols: list[Any] = [ep.event_date.label("day")]
    if by == "type":
        cols.append(ep.plover_type.label("grp"))
    # One event counts once even when the actor holds two roles in it (or two names match).
    n = (
        func.count()
        if len(ids) == 1 and f.actor_role != "any"
        else func.count(ep.event_id.distinct())
    )
    return select(*cols, n.label("n")).where(*where).group_by(*cols).subquery(), False


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
