"""Event counts per day, week or month (`/stats/timeline`): from the actor rollups or the
participants index when the filter allows, else from the events' dates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, cast, func, select
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.models import Event, EventParticipant
from app.query import periods, resolve, rollups
from app.query.event_filter import EventFilter, conditions
from app.schemas.stats import TimelineBucket
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
    if interval == Interval.DAY:
        return day + periods.DAY
    return periods.next_period(day, Grain(interval))


def _period_start(day: dt.date, interval: Interval) -> dt.date:
    if interval == Interval.DAY:
        return day
    return periods.period_start(day, Grain(interval))


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
    first = _period_start(f.date_from, interval) if f.date_from else min(totals, default=None)
    last = _period_start(f.date_to, interval) if f.date_to else max(totals, default=None)
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
