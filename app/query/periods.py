"""Split a date range into whole rollup periods and the days left over at its ends.

The rollups count whole weeks and months only; a range from a Wednesday to the 10th of a later
month is answered as whole months, then whole weeks inside the partial months, then the few
remaining days from the raw rows. Half-open bounds throughout: [start, end).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.vocab import Grain

DAY = dt.timedelta(days=1)


def period_start(day: dt.date, grain: Grain) -> dt.date:
    if grain == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: dt.date, grain: Grain) -> dt.date:
    if grain == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Periods:
    """Rollup rows of `grain` whose period starts in [start, end); None is unbounded."""

    grain: Grain
    start: dt.date | None
    end: dt.date | None


@dataclass
class Cover:
    periods: list[Periods] = field(default_factory=list)
    days: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # raw [start, end)


def cover(date_from: dt.date | None, date_to: dt.date | None, grains: tuple[Grain, ...]) -> Cover:
    """Whole periods of the first grain that fit in [date_from, date_to] (inclusive dates, None
    open), the rest split by the next grains, then left to raw days."""
    out = Cover()
    try:
        end = None if date_to is None else date_to + DAY
    except OverflowError:
        end = None
    _split(date_from, end, grains, out)
    return out


def _split(
    start: dt.date | None, end: dt.date | None, grains: tuple[Grain, ...], out: Cover
) -> None:
    if start is not None and end is not None and start >= end:
        return
    if not grains:
        assert start is not None and end is not None  # only a coarser grain's leftovers get here
        out.days.append((start, end))
        return
    grain, finer = grains[0], grains[1:]
    first = start
    if start is not None and period_start(start, grain) != start:
        try:
            first = next_period(period_start(start, grain), grain)
        except OverflowError:
            first = end
    last = None if end is None else period_start(end, grain)
    if first is not None and last is not None and first >= last:
        _split(start, end, finer, out)  # no whole period inside
        return
    out.periods.append(Periods(grain, first, last))
    if start is not None and first is not None and start < first:
        _split(start, first, finer, out)
    if end is not None and last is not None and last < end:
        _split(last, end, finer, out)
