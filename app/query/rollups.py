"""Counts for /stats/* read from the rollup tables where the filter allows it.

A rollup knows only an event's date, type and actors, so it answers a filter on nothing but
the date range and types (and, for a timeline, one actor and its role). Whole periods come
from the rollup rows, the days of partial periods at either end from the raw rows; periods
and days are disjoint, so their counts add up, distinct events included. Anything else returns
None and the caller counts the raw rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Subquery,
    and_,
    case,
    false,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from app.models import Event, EventDyad, EventParticipant
from app.models.rollup import ActorPeriodCount, DyadPeriodCount, DyadTotal, period_of
from app.query.event_filter import EventFilter
from app.query.periods import Cover, Periods, cover
from app.vocab import Grain

if TYPE_CHECKING:  # pragma: no cover - Select's parameters are SQLAlchemy 2.1's
    from sqlalchemy import Select

    # A SELECT of any columns: the parts of one union share a shape, but not one known type.
    AnySelect = Select[*tuple[Any, ...]]


def only(f: EventFilter, *names: str) -> bool:
    """True when `f` filters on nothing but the named fields (its sort does not filter)."""
    return f.holds_only("sort", *names)


def _in_periods(column: Any, p: Periods) -> list[Any]:
    out = []
    if p.start is not None:
        out.append(column >= p.start)
    if p.end is not None:
        out.append(column < p.end)
    return out


def _role_n(role: str) -> Any:
    return func.sum(case((EventParticipant.role == role, 1), else_=0))


def actor_counts(f: EventFilter) -> Subquery | None:
    """(actor_id, events, as_source, as_target, as_other) rows to be summed per actor."""
    if not only(f, "date_from", "date_to", "types"):
        return None
    f.validate()
    a, ep, e = ActorPeriodCount, EventParticipant, Event
    span = cover(f.date_from, f.date_to, (Grain.MONTH, Grain.WEEK))
    parts: list[Any] = []
    for p in span.periods:
        where = [a.grain == p.grain, *_in_periods(a.period, p)]
        if f.types:
            where.append(a.plover_type.in_(f.types))
        parts.append(
            select(a.actor_id, a.events, a.as_source, a.as_target, a.as_other).where(*where)
        )
    for start, end in span.days:
        # Driven by the events date index, then each event's participants from their index.
        where = [e.event_date >= start, e.event_date < end]
        if f.types:
            where.append(e.plover_type.in_(f.types))
        parts.append(
            select(
                ep.actor_id,
                func.count(ep.event_id.distinct()),
                _role_n("source"),
                _role_n("target"),
                _role_n("other"),
            )
            .select_from(e)
            .join(ep, ep.event_id == e.id)
            .where(*where)
            .group_by(ep.actor_id)
        )
    return _union(parts, ("actor_id", "events", "as_source", "as_target", "as_other"))


def dyad_counts(f: EventFilter) -> Subquery | None:
    """(source_id, target_id, plover_type, n) rows to be summed per pair (and type); meant to
    be narrowed to a few pairs, which the rollup's key finds directly."""
    if not only(f, "date_from", "date_to", "types"):
        return None
    f.validate()
    return _union(_dyad_parts(f, cover(f.date_from, f.date_to, (Grain.MONTH,)), None), DYAD_COLS)


DYAD_COLS = ("source_id", "target_id", "plover_type", "n")


def _dyad_parts(f: EventFilter, span: Cover, pairs: Any) -> list[Any]:
    """One select per piece of `span`; joined to `pairs` (source_id, target_id) when given."""
    r, d = DyadPeriodCount, EventDyad
    parts: list[Any] = []
    for p in span.periods:
        where = _in_periods(r.period, p)
        if f.types:
            where.append(r.plover_type.in_(f.types))
        q = select(r.source_id, r.target_id, r.plover_type, r.n).where(*where)
        if pairs is not None:
            q = q.join(pairs, and_(r.source_id == pairs.c.s, r.target_id == pairs.c.t))
        parts.append(q)
    for start, end in span.days:
        where = [d.event_date >= start, d.event_date < end]
        if f.types:
            where.append(d.plover_type.in_(f.types))
        q = select(d.source_id, d.target_id, d.plover_type, func.count()).where(*where)
        if pairs is not None:
            q = q.join(pairs, and_(d.source_id == pairs.c.s, d.target_id == pairs.c.t))
        parts.append(q.group_by(d.source_id, d.target_id, d.plover_type))
    return parts


# Past this many pairs the bound below has not closed (a narrow range or a rare type): the
# caller counts the raw pairs of the range instead, which is cheap for exactly those filters.
MAX_PAIRS = 5000
FIRST_CHUNK = 256  # on skewed data a year of top-20 pairs closes within ~250 pairs


def top_dyads(session: Session, f: EventFilter, top: int) -> list[tuple[int, int, int]] | None:
    """The `top` (source, target, count) pairs, busiest first (ties by ids), or None.

    No filter gives a pair more events than its all-time total (`dyad_totals`), so pairs are
    counted in descending order of that total, in growing chunks, until the total of the next
    pair is below the `top`-th count found: no pair left could enter the list. On skewed
    event data a wide range is decided by a few hundred pairs instead of every pair.
    """
    if not only(f, "date_from", "date_to", "types"):
        return None
    f.validate()
    span = cover(f.date_from, f.date_to, (Grain.MONTH,))
    if not span.periods:
        return None  # under a month: its raw pairs are few
    t = DyadTotal
    counts: dict[tuple[int, int], int] = {}
    offset, size = 0, max(4 * top, FIRST_CHUNK)
    while offset < MAX_PAIRS:
        # One statement per chunk, so the pairs and their counts come from one snapshot.
        pairs = (
            select(t.source_id.label("s"), t.target_id.label("t"), t.n)
            .order_by(t.n.desc(), t.source_id.desc(), t.target_id.desc())
            .offset(offset)
            .limit(size)
            .subquery("pairs")
        )
        rows = _union(_dyad_parts(f, span, pairs), DYAD_COLS)
        per_pair = (
            select(rows.c.source_id, rows.c.target_id, func.sum(rows.c.n).label("n"))
            .group_by(rows.c.source_id, rows.c.target_id)
            .subquery()
        )
        chunk = session.execute(
            select(pairs.c.s, pairs.c.t, pairs.c.n, per_pair.c.n).outerjoin(
                per_pair, and_(per_pair.c.source_id == pairs.c.s, per_pair.c.target_id == pairs.c.t)
            )
        ).all()
        counts.update({(s, tg): int(n or 0) for s, tg, _, n in chunk})
        ranked = sorted(
            ((s, tg, n) for (s, tg), n in counts.items() if n > 0),
            key=lambda r: (-r[2], r[0], r[1]),
        )
        if len(chunk) < size:
            return ranked[:top]  # every pair counted
        reached = ranked[top - 1][2] if len(ranked) >= top else 0
        if min(total for _, _, total, _ in chunk) < reached:
            return ranked[:top]
        offset, size = offset + size, size * 2
    return None


def actor_timeline(
    dialect: str, f: EventFilter, actor_id: int, grain: Grain, by_type: bool
) -> Subquery:
    """(day, [grp,] n) rows of one actor's events, `day` being the start of its period (raw
    rows of partial periods included): the caller sums them per period as they are."""
    a, ep = ActorPeriodCount, EventParticipant
    count_col = {"any": a.events, "source": a.as_source, "target": a.as_target}[f.actor_role]
    span = cover(f.date_from, f.date_to, (grain,))
    parts: list[Any] = []
    for p in span.periods:
        # A row counts the actor in any role; one in another role only has nothing to add.
        where = [a.actor_id == actor_id, a.grain == grain, count_col > 0, *_in_periods(a.period, p)]
        if f.types:
            where.append(a.plover_type.in_(f.types))
        cols: list[Any] = [a.period.label("day")]
        if by_type:
            cols.append(a.plover_type.label("grp"))
        parts.append(select(*cols, count_col.label("n")).where(*where))
    for start, end in span.days:
        where = [ep.actor_id == actor_id, ep.event_date >= start, ep.event_date < end]
        if f.actor_role != "any":
            where.append(ep.role == f.actor_role)
        if f.types:
            where.append(ep.plover_type.in_(f.types))
        day = period_of(dialect, grain, ep.event_date)
        cols = [day.label("day")]
        if by_type:
            cols.append(ep.plover_type.label("grp"))
        n = func.count() if f.actor_role != "any" else func.count(ep.event_id.distinct())
        group = [day, *([ep.plover_type] if by_type else [])]
        parts.append(select(*cols, n.label("n")).where(*where).group_by(*group))
    names = ("day", "grp", "n") if by_type else ("day", "n")
    return _union(parts, names)


def _union(parts: list[AnySelect], names: tuple[str, ...]) -> Subquery:
    if not parts:  # an empty range: one row that counts nothing
        parts = [select(*(literal(None).label(n) for n in names)).where(false())]
    labelled = [
        p.with_only_columns(*(c.label(n) for c, n in zip(p.selected_columns, names, strict=True)))
        for p in parts
    ]
    if len(labelled) == 1:
        return labelled[0].subquery()
    return union_all(*labelled).subquery()
