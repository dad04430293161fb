"""Speech acts that are events point to the statement carrying their content, and back.

"Ukraine accused Russia of shelling civilians" is an ACCUSE event and a statement ("of shelling
civilians"); both hang on the same cue word. A statement is linked to the event whose trigger is
its cue, else to a speech-act event of the same speaker in the same sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract.statements.found import Found

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.context import DocContext
    from app.extract.records import StatementRecord

SPEECH_ACTS = frozenset(
    {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "AGREE", "SUPPORT", "CONCEDE", "PROTEST"}
)


def link_events(ctx: DocContext, found: list[Found], records: list[StatementRecord]) -> None:
    linked: set[int] = set()
    by_trigger = {
        e.trigger_start: i for i, e in enumerate(ctx.events) if e.plover_type in SPEECH_ACTS
    }
    for si, f in enumerate(found):
        if f.cue is not None and f.cue.idx in by_trigger and by_trigger[f.cue.idx] not in linked:
            _link(ctx, records, si, by_trigger[f.cue.idx], linked)
    for si in range(len(found)):
        rec = records[si]
        if rec.event_id is not None or rec.speaker is None:
            continue
        for ei, e in enumerate(ctx.events):
            if ei in linked or e.plover_type not in SPEECH_ACTS or e.sentence != rec.sentence:
                continue
            sources = {p.actor for p in e.participants if p.role == "source"}
            if rec.speaker in sources and not (rec.start <= e.trigger_start < rec.end):
                _link(ctx, records, si, ei, linked)
                break


def _link(
    ctx: DocContext, records: list[StatementRecord], si: int, ei: int, linked: set[int]
) -> None:
    records[si].event_id = ei
    ctx.events[ei].statement_id = si
    linked.add(ei)
