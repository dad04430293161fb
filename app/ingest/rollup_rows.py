"""The rollup counts of an article's new events, grouped in Python from the participant and dyad
rows the store is about to write, and queued as upserts that add them (one per rollup table).

Why not `rollups.merges` (the same counts read back from the rows just written): each of its
four statements scanned `event_participants` or `event_dyads` for the article's events and
grouped them in the server, per article; the rows are in hand here. Deleting and reprocessing
still subtract with `rollups.merges`, so both sides must group alike: weeks start on Monday and
months on the 1st (`period_of`), an actor counts once per event whatever its roles, and rows
go in the same key order as `merges` writes them (grain by grain, then by key), so writers lock
shared rows in one order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from app.ingest.bulk import Writes
from app.ingest.rollups import ACTOR_COUNTS, ACTOR_KEY, DYAD_KEY, TOTAL_KEY
from app.ingest.upsert import table_of
from app.models.rollup import GRAINS, ActorPeriodCount, DyadPeriodCount, DyadTotal
from app.vocab import Grain

Row = dict[str, Any]


def period_start(grain: Grain, day: dt.date) -> dt.date:
    """First day of the `grain` period holding `day`, as `period_of` computes it in SQL."""
    if grain == Grain.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def queue_counts(writes: Writes, participants: Sequence[Row], dyads: Sequence[Row]) -> None:
    """Queue the upserts adding these new rows' counts to the three rollup tables."""
    writes.insert(
        table_of(ActorPeriodCount),
        _actor_rows(participants),
        conflict=ACTOR_KEY,
        add=ACTOR_COUNTS,
    )
    months: dict[tuple[Any, ...], int] = defaultdict(int)
    totals: dict[tuple[Any, ...], int] = defaultdict(int)
    for d in dyads:
        period = period_start(Grain.MONTH, d["event_date"])
        months[(d["source_id"], d["target_id"], period, d["plover_type"])] += 1
        totals[(d["source_id"], d["target_id"])] += 1
    writes.insert(
        table_of(DyadPeriodCount),
        [{**dict(zip(DYAD_KEY, k, strict=True)), "n": months[k]} for k in sorted(months)],
        conflict=DYAD_KEY,
        add=("n",),
    )
    writes.insert(
        table_of(DyadTotal),
        [{**dict(zip(TOTAL_KEY, k, strict=True)), "n": totals[k]} for k in sorted(totals)],
        conflict=TOTAL_KEY,
        add=("n",),
    )


def _actor_rows(participants: Sequence[Row]) -> list[Row]:
    out: list[Row] = []
    for grain in GRAINS:
        events: dict[tuple[Any, ...], set[int]] = defaultdict(set)
        roles: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for p in participants:
            key = (p["actor_id"], period_start(grain, p["event_date"]), p["plover_type"])
            events[key].add(p["event_id"])
            roles[key][p["role"]] += 1
        for actor_id, period, plover_type in sorted(events):
            key = (actor_id, period, plover_type)
            n = roles[key]
            out.append(
                {
                    "actor_id": actor_id,
                    "grain": str(grain),
                    "period": period,
                    "plover_type": plover_type,
                    "events": len(events[key]),
                    "as_source": n["source"],
                    "as_target": n["target"],
                    "as_other": n["other"],
                }
            )
    return out
