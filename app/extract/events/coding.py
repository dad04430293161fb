"""Coding: turn a trigger, its pattern and its actors into an `EventRecord` (CAMEO code,
PLOVER type, quad class, Goldstein, date, place, confidence), and drop duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.anchoring import event_date, event_place
from app.extract.records import EventRecord, ParticipantRecord

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

# A place carried from the sentence before is likelier wrong than one of the event's own sentence;
# the article's dateline or dominant place is a guess that maps may hide (place_source=article).
PLACE_CONFIDENCE = {"text": 1.0, "context": 0.95, "article": 0.9}
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
    when = event_date(ctx, trigger, hypothetical=hypothetical or intent)
    if when.date > ctx.article.date:
        hypothetical = True  # dated after its article: told in the future tense, not yet real
    if when.source == "article":
        confidence *= 0.85
    place, place_source = event_place(ctx, sent, trigger)
    confidence *= PLACE_CONFIDENCE[place_source] if place else 1.0
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
            date=when.date,
            date_precision=when.precision,
            date_source=when.source,
            place=place,
            place_source=place_source if place else None,
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
