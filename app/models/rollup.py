"""Rollups: event counts per period kept beside the rows they count, in the same transaction.

/stats/actors, /stats/dyads and an actor's timeline read these instead of counting millions of
participant rows. A rollup row holds whole periods only: a period starts on a Monday (`week`)
or on the 1st (`month`), and the readers count the days of a partial period from the raw rows.
Rows are added when an article's events are stored and subtracted when they are deleted
(reprocess, DELETE); a row whose counts reach zero is removed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    String,
    cast,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, Base, check_in
from app.vocab import Grain

GRAINS: tuple[Grain, ...] = tuple(Grain)


def period_of(dialect: str, grain: Grain, day: Any) -> ColumnElement[Any]:
    """SQL for the first day of the `grain` period holding `day` (weeks start on Monday)."""
    if dialect == "postgresql":
        # Through `timestamp`, not the `timestamptz` a date becomes by default: no time zone.
        return cast(func.date_trunc(grain, cast(day, DateTime)), Date)
    if grain == "week":
        # 'weekday 0' moves to the next Sunday (or stays), six days back is that week's Monday.
        return func.date(day, "weekday 0", "-6 days")
    return func.strftime("%Y-%m-01", day)


COUNTS = ("events", "as_source", "as_target", "as_other")


class ActorPeriodCount(Base):
    """Per actor, period and PLOVER type: events the actor takes part in (each once, whatever
    its roles) and how many of them in each role."""

    __tablename__ = "actor_period_counts"

    actor_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    grain: Mapped[str] = mapped_column(String(5))
    period: Mapped[dt.date] = mapped_column(Date)
    plover_type: Mapped[str] = mapped_column(String(16))
    events: Mapped[int] = mapped_column()
    as_source: Mapped[int] = mapped_column()
    as_target: Mapped[int] = mapped_column()
    as_other: Mapped[int] = mapped_column()

    __table_args__ = (
        check_in("grain", Grain),
        # The primary key serves one actor's timeline, the index "top actors in a range"; both
        # carry the counts, so PostgreSQL answers from the index alone (index-only scans).
        PrimaryKeyConstraint(
            "actor_id", "grain", "period", "plover_type", postgresql_include=list(COUNTS)
        ),
        Index(
            "ix_actor_period_counts_period",
            "grain",
            "period",
            "plover_type",
            "actor_id",
            postgresql_include=list(COUNTS),
        ),
    )


class DyadPeriodCount(Base):
    """Per source -> target pair, month and PLOVER type: how many events (as `event_dyads`)."""

    __tablename__ = "dyad_period_counts"

    source_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    period: Mapped[dt.date] = mapped_column(Date)
    plover_type: Mapped[str] = mapped_column(String(16))
    n: Mapped[int] = mapped_column()

    __table_args__ = (
        # One pair's months are read from the key alone (PostgreSQL: index-only scans).
        PrimaryKeyConstraint(
            "source_id", "target_id", "period", "plover_type", postgresql_include=["n"]
        ),
        Index("ix_dyad_period_counts_target", "target_id"),
    )


class DyadTotal(Base):
    """Per source -> target pair: all its events, any date and type. No filter can give a pair
    more, so /stats/dyads counts the pairs in this order and stops once no pair left could
    reach the top (see app/query/rollups.py)."""

    __tablename__ = "dyad_totals"

    source_id: Mapped[int] = mapped_column(
        ID, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(
        ID, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    n: Mapped[int] = mapped_column()

    __table_args__ = (
        Index("ix_dyad_totals_n", "n", "source_id", "target_id"),
        Index("ix_dyad_totals_target", "target_id"),
    )
