"""Coding: turn a trigger, its pattern and its actors into an `EventRecord` (CAMEO code,
PLOVER type, quad class, Goldstein, date, place, confidence), and drop duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.anchoring import event_date, event_place
from app.extract.records import EventRecord, ParticipantRecord
from app.vocab import QUAD_CLASS, ParticipantRole, PloverType, Provenance, QuadClass

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.knowledge import EventPattern

# A place carried from the sentence before is likelier wrong than one of the event's own sentence;
# the article's dateline or dominant place is a guess that maps may hide (place_source=article).
PLACE_CONFIDENCE = {Provenance.TEXT: 1.0, Provenance.CONTEXT: 0.95, Provenance.ARTICLE: 0.9}
# PLOVER codes announced acts by what is announced: cooperation to come is AGREE (CAMEO 03x),
# a conflict act to come is THREATEN (13x), a retreat to come is CONCEDE ("announced it would
# withdraw troops"); a concession to come stays CONCEDE.
_FUTURE_COOPERATION = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
_FUTURE_THREAT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
_THREAT_CODES = {"SANCTION": "1312", "COERCE": "137", "PROTEST": "133"}
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
    future: bool = False,
    unless: bool = False,
) -> None:
    if any(s in ctx.actors.media for s in sources):
        return  # "asked by VOA", "Reuters reported": outlets report events, they are not in them
    code, plover = pattern.cameo, pattern.plover
    # an outlet is acted on only by hostility ("attacked The Wall Street Journal", "imposed a ban
    # on the outlet"); a friendly act "with VOA" is an interview it reports
    hostile = QUAD_CLASS[PloverType(plover)] >= QuadClass.VERBAL_CONFLICT
    targets = [t for t in targets if t not in sources and (hostile or t not in ctx.actors.media)]
    if not sources and not targets:
        return
    if plover == "MOBILIZE" and len({ctx.actors.by_key[k].country for k in sources} - {None}) > 1:
        code, plover = "062", "COOPERATE"  # PLOVER: joint military operations are COOPERATE
    if plover == "CONSULT" and hypothetical and not negated and _scheduled(trigger):
        future = True  # "is expected to meet X": PLOVER codes a meeting to come as AGREE
    if intent or future or unless:
        code, plover = _announced(code, plover, intent=intent, unless=unless)
    info = knowledge.cameo_info(code)
    sent = ctx.sents[ctx.sent_of[trigger.i]]
    when = event_date(ctx, trigger, hypothetical=hypothetical or intent)
    if when.date > ctx.article.date:
        hypothetical = True  # dated after its article: told in the future tense, not yet real
    if when.source == Provenance.ARTICLE:
        confidence *= 0.85
    place, place_source = event_place(ctx, sent, trigger, plover)
    confidence *= PLACE_CONFIDENCE[place_source] if place else 1.0
    participants = [ParticipantRecord(actor=k, role=ParticipantRole.SOURCE) for k in sources]
    participants += [ParticipantRecord(actor=k, role=ParticipantRole.TARGET) for k in targets]
    ctx.events.append(
        EventRecord(
            sentence=ctx.sent_of[trigger.i],
            start=sent.start_char,
            end=sent.end_char,
            trigger=trigger.text,
            trigger_start=trigger.idx,
            trigger_end=trigger.idx + len(trigger.text),
            plover_type=PloverType(plover),
            cameo_code=code,
            quad_class=QUAD_CLASS[PloverType(plover)],
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


def _scheduled(trigger: Token) -> bool:
    """A meeting told as set to happen: its verb, or the verb a meeting noun is the object of
    ("is due to hold talks", "is scheduled to fly in for meetings"), completes a word that both
    puts it ahead and is only reported (`future_heads` and `planned_heads`: "expected", "due",
    "scheduled"). "unlikely to meet" or "supposed to meet" puts no meeting ahead, and one that
    "was due to" happen is told from after it was due, so may have fallen through."""
    lex = knowledge.event_lexicon()
    heads = lex.future_heads & lex.planned_heads
    cur = trigger
    for _ in range(5):
        if cur.dep_ == "xcomp" and cur.head.lower_ in heads:
            return not _told_as_past(cur.head)
        if cur.dep_ not in ("xcomp", "dobj", "pobj", "prep") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _told_as_past(word: Token) -> bool:
    """ "was scheduled", "were expected", "was due" (the copula heads an adjective)."""
    verb = word.head if word.dep_ == "acomp" else word
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
    )


def _announced(code: str, plover: str, *, intent: bool, unless: bool) -> tuple[str, str]:
    """(CAMEO code, PLOVER type) of an act that is intended, announced or promised."""
    if unless and plover not in ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID"):
        return "130", "THREATEN"  # "will withdraw its force unless ...": a threat
    if plover in _FUTURE_COOPERATION or (intent and plover in ("RETREAT", "CONCEDE")):
        return _COOP_TO_INTENT.get(code[:2], "030"), "AGREE"
    if plover in _FUTURE_THREAT:
        threat = "138" if plover in ("ASSAULT", "MOBILIZE") else _THREAT_CODES.get(plover, "130")
        return threat, "THREATEN"
    if plover == "RETREAT":
        return code, "CONCEDE"
    return code, plover
