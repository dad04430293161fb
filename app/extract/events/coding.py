"""Coding: turn a trigger, its pattern and its actors into an `EventRecord` (CAMEO code,
PLOVER type, quad class, Goldstein, date, place, confidence), and drop duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.anchoring import event_place, sentence_date
from app.extract.records import EventRecord, ParticipantRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

_COOP_TO_INTENT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}


def emit(
    ctx: DocContext,
    trigger: Token,
    pattern: EventPattern,
    sources: list[str],
    targets: list[str],
    *,
    negated: bool,
    hypothetical: bool,
    intent: bool,
    confidence: float,
) -> None:
    if any(s in ctx.actors.media for s in sources):
        return  # "asked by VOA", "Reuters reported": outlets report events, they are not in them
    targets = [t for t in targets if t not in sources and t not in ctx.actors.media]
    if not sources and not targets:
        return
    code = pattern.cameo
    plover = pattern.plover
    info = knowledge.cameo_info(code)
    if intent:
        if info.quad_class <= 2:
            code = _COOP_TO_INTENT.get(code[:2], "030")
            plover = "AGREE"
        else:
            code = "138" if plover in ("ASSAULT", "MOBILIZE") else "130"
            plover = "THREATEN"
        info = knowledge.cameo_info(code)
    sent = ctx.sents[ctx.sent_of[trigger.i]]
    resolved, _attached = sentence_date(ctx, sent, trigger)
    if resolved is None:
        date, precision = ctx.article.date, "day"
        confidence *= 0.85
    else:
        date, precision = resolved
    place, explicit_place = event_place(ctx, sent, trigger, set(sources) | set(targets))
    if not explicit_place:
        confidence *= 0.95
    participants = [ParticipantRecord(actor=k, role="source") for k in sources]
    participants += [ParticipantRecord(actor=k, role="target") for k in targets]
    ctx.events.append(
        EventRecord(
            sentence=ctx.sent_of[trigger.i],
            start=sent.start_char,
            end=sent.end_char,
            trigger=trigger.text,
            trigger_start=trigger.idx,
            trigger_end=trigger.idx + len(trigger.text),
            plover_type=plover,
            cameo_code=code,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            date=date,
            date_precision=precision,  # type: ignore[arg-type]
            place=place,
            negated=negated,
            hypothetical=hypothetical,
            confidence=round(min(max(confidence, 0.05), 1.0), 3),
            participants=participants,
        )
    )


def dedupe(ctx: DocContext) -> None:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for ev in ctx.events:
        sig = (
            ev.sentence,
            ev.plover_type,
            ev.negated,
            tuple(sorted((p.actor, p.role) for p in ev.participants)),
        )
        if sig in seen:
            continue
        seen.add(sig)
        kept.append(ev)
    ctx.events[:] = kept
