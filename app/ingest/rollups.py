"""Keep the rollup tables equal to the rows they count, in the caller's transaction.

One SQL shape: the counts of a set of events, grouped as the rollups key them, read back from
`event_participants` and `event_dyads`. Deleting events subtracts their counts (before the rows
go), and `rebuild` computes every row from scratch (bench fills that bypass the ORM; repairs).
Storing an article adds its events' counts grouped in Python from the rows in hand
(`rollup_rows`), which must group as this SQL does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    UpdateBase,
    case,
    delete,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.ingest.upsert import table_of
from app.models import EventDyad, EventParticipant
from app.models.rollup import (
    GRAINS,
    ActorPeriodCount,
    DyadPeriodCount,
    DyadTotal,
    period_of,
)
from app.vocab import Grain

ACTOR_KEY = ("actor_id", "grain", "period", "plover_type")
ACTOR_COUNTS = ("events", "as_source", "as_target", "as_other")
DYAD_KEY = ("source_id", "target_id", "period", "plover_type")
TOTAL_KEY = ("source_id", "target_id")


def _actor_counts(dialect: str, grain: Grain, where: Any, sign: int) -> Select[Any]:
    ep = EventParticipant
    period = period_of(dialect, grain, ep.event_date)

    def role_n(role: str) -> Any:
        return sign * func.sum(case((ep.role == role, 1), else_=0))

    # Ordered by the key, so concurrent writers lock shared rows in one order (no deadlock).
    return (
        select(
            ep.actor_id,
            literal(grain),
            period,
            ep.plover_type,
            sign * func.count(ep.event_id.distinct()),
            role_n("source"),
            role_n("target"),
            role_n("other"),
        )
        .where(where)
        .group_by(ep.actor_id, period, ep.plover_type)
        .order_by(ep.actor_id, period, ep.plover_type)
    )


def _dyad_counts(dialect: str, where: Any, sign: int) -> Select[Any]:
    d = EventDyad
    period = period_of(dialect, Grain.MONTH, d.event_date)
    key = (d.source_id, d.target_id, period, d.plover_type)
    return select(*key, sign * func.count()).where(where).group_by(*key).order_by(*key)


def _dyad_totals(where: Any, sign: int) -> Select[int, int, int]:
    d = EventDyad
    key = (d.source_id, d.target_id)
    return select(*key, sign * func.count()).where(where).group_by(*key).order_by(*key)


def _merge(dialect: str, table: Any, key: Sequence[str], counts: Sequence[str], rows: Any) -> Any:
    """INSERT the counted rows, adding to the counts of rows that exist."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(table).from_select([*key, *counts], rows)
    return stmt.on_conflict_do_update(
        index_elements=list(key),
        set_={c: table.c[c] + stmt.excluded[c] for c in counts},
    )


def merges(dialect: str, event_ids: Any, sign: int) -> list[UpdateBase]:
    """The statements that add (`sign` 1) or subtract (-1) the counts of `event_ids` (a list or
    a select of ids); run them once the events' participants and dyads are written."""
    return _merges(dialect, lambda column: column.in_(event_ids), sign)


def _merges(dialect: str, where: Callable[[Any], Any], sign: int) -> list[UpdateBase]:
    in_participants = where(EventParticipant.event_id)
    in_dyads = where(EventDyad.event_id)
    out = [
        _merge(
            dialect,
            ActorPeriodCount.__table__,
            ACTOR_KEY,
            ACTOR_COUNTS,
            _actor_counts(dialect, grain, in_participants, sign),
        )
        for grain in GRAINS
    ]
    rows = _dyad_counts(dialect, in_dyads, sign)
    out.append(_merge(dialect, DyadPeriodCount.__table__, DYAD_KEY, ("n",), rows))
    totals = _dyad_totals(in_dyads, sign)
    out.append(_merge(dialect, DyadTotal.__table__, TOTAL_KEY, ("n",), totals))
    return out


def _apply(session: Session, event_ids: Any, sign: int) -> None:
    for stmt in merges(session.get_bind().dialect.name, event_ids, sign):
        session.execute(stmt)


def add_events(session: Session, event_ids: Sequence[int]) -> None:
    """Count freshly inserted events (their participants and dyads already flushed)."""
    if event_ids:
        _apply(session, list(event_ids), 1)


def subtract_events(session: Session, event_ids: Any) -> None:
    """Uncount events about to be deleted (`event_ids`: a list or a select of ids), then drop
    the rollup rows left at zero."""
    ep, d = EventParticipant, EventDyad
    actors = select(ep.actor_id).where(ep.event_id.in_(event_ids)).scalar_subquery()
    sources = select(d.source_id).where(d.event_id.in_(event_ids)).scalar_subquery()
    _apply(session, event_ids, -1)
    apc, dpc, dt_ = ActorPeriodCount, DyadPeriodCount, DyadTotal
    session.execute(delete(apc).where(apc.actor_id.in_(actors), apc.events <= 0))
    session.execute(delete(dpc).where(dpc.source_id.in_(sources), dpc.n <= 0))
    session.execute(delete(dt_).where(dt_.source_id.in_(sources), dt_.n <= 0))


def rebuild(conn: Connection) -> None:
    """Recompute every rollup from every stored event (callers that bypass the store)."""
    dialect = conn.dialect.name
    apc, dpc, tot = table_of(ActorPeriodCount), table_of(DyadPeriodCount), table_of(DyadTotal)
    for table in (apc, dpc, tot):
        conn.execute(delete(table))
    for grain in GRAINS:
        rows = _actor_counts(dialect, grain, true(), 1)
        conn.execute(apc.insert().from_select([*ACTOR_KEY, *ACTOR_COUNTS], rows))
    conn.execute(dpc.insert().from_select([*DYAD_KEY, "n"], _dyad_counts(dialect, true(), 1)))
    conn.execute(tot.insert().from_select([*TOTAL_KEY, "n"], _dyad_totals(true(), 1)))
