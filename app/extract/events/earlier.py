"""The acts the article told before a point: the one lookback that the later steps share when an
event takes a missing participant from an earlier act ("the attacks on Kharkiv" from "Russia
shelled Kharkiv", "denied the allegations" from whoever made them, "condemned Mhlanga's arrest"
from whoever arrested him). Each caller decides which of these acts fits it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.extract.records import ParticipantRecord
from app.vocab import ParticipantRole

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext
    from app.extract.records import EventRecord
    from app.vocab import PloverType


def earlier_acts(
    ctx: DocContext, kind: PloverType | str, before: int, sentence: int, reach: int
) -> list[EventRecord]:
    """The events of type `kind` whose trigger starts before character `before`, told at most
    `reach` sentences before `sentence`, latest first (events told at the same place keep the
    order they were found in). An event read from the same trigger as the caller's (one
    trigger, two events) is never among them: it does not start before it."""
    return [
        ev
        for ev in sorted(ctx.events, key=lambda e: e.trigger_start, reverse=True)
        if ev.plover_type == kind and ev.trigger_start < before and sentence - ev.sentence <= reach
    ]


def borrow_sources(
    ctx: DocContext,
    ev: EventRecord,
    kind: PloverType | str,
    reach: int,
    fits: Callable[[EventRecord], bool],
) -> EventRecord | None:
    """Give a sourceless event the sources (not its own targets) of the latest earlier real act
    of type `kind` that `fits` it, told at most `reach` sentences before; return that act. The
    steps that tell the same act again (`retold`), count its toll (`aftermath`) or read a
    filing's allegation (`filings`) differ only in which act fits."""
    targets = set(ev.actors_in(ParticipantRole.TARGET))
    for prev in earlier_acts(ctx, kind, ev.trigger_start, ev.sentence, reach):
        if prev.negated or prev.hypothetical or not fits(prev):
            continue
        ev.participants[:0] = [
            ParticipantRecord(actor=k, role=ParticipantRole.SOURCE)
            for k in prev.actors_in(ParticipantRole.SOURCE)
            if k not in targets
        ]
        return prev
    return None
