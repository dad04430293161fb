"""Answers to earlier acts: "Beijing denies the allegations" answers whoever made them.

An event with no target whose object is a definite noun for an earlier act ("the allegations",
"those claims", "the request") is aimed at the source of the latest earlier event of that act's
type a few sentences before (an accusation, a request, an offer), preferring one aimed at this
source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.records import ParticipantRecord
from app.extract.syntax import first_child
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_REACH = 6  # sentences back: an answer follows the act it answers closely in a news story


def answer_targets(ctx: DocContext) -> None:
    answered = knowledge.event_lexicon().answered_nouns
    if not answered or not ctx.events:
        return
    for ev in ctx.events:
        if _role(ev, ParticipantRole.TARGET):
            continue
        span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end)
        obj = _answered_object(span[0], answered) if span is not None and len(span) else None
        if obj is None:
            continue
        sources = set(_role(ev, ParticipantRole.SOURCE))
        kind = PloverType(answered[obj.lemma_.lower()])
        earlier = _answered_event(ctx, ev, kind, sources, obj.lemma_.lower())
        if earlier is not None:
            ev.participants += [
                ParticipantRecord(actor=k, role=ParticipantRole.TARGET)
                for k in _role(earlier, ParticipantRole.SOURCE)
                if k not in sources
            ]


def _role(ev: EventRecord, role: ParticipantRole) -> list[str]:
    return [p.actor for p in ev.participants if p.role == role]


def _answered_object(trigger: Token, answered: dict[str, str]) -> Token | None:
    """The trigger's object when it is a definite noun for an act, owned by nobody named."""
    obj = first_child(trigger, "dobj") or first_child(trigger, "nsubjpass")
    if obj is None or obj.lemma_.lower() not in answered:
        return None
    if any(
        c.dep_ in ("poss", "compound") or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
        for c in obj.children
    ):
        return None  # "rejected Russia's demands": the owner is named where it stands
    lex = knowledge.event_lexicon()
    words = lex.definite_determiners | lex.referring_determiners
    if not any(c.dep_ in ("det", "predet") and c.lower_ in words for c in obj.children):
        return None  # "denied allegations of corruption": nobody's in particular
    return obj


def _answered_event(
    ctx: DocContext, ev: EventRecord, kind: PloverType, sources: set[str], noun: str
) -> EventRecord | None:
    """The latest earlier event of that kind by someone else: one aimed at these sources first,
    then one told with the noun's own word ("attacked" for "the attack")."""
    found = [
        (
            bool(sources & set(_role(other, ParticipantRole.TARGET))),
            _lemma(ctx, other) == noun,
            other.trigger_start,
            n,
        )
        for n, other in enumerate(ctx.events)
        if other.plover_type == kind
        and other.trigger_start < ev.trigger_start
        and ev.sentence - other.sentence <= _REACH
        and _role(other, ParticipantRole.SOURCE)
        and not sources & set(_role(other, ParticipantRole.SOURCE))
    ]
    return ctx.events[max(found)[3]] if found else None


def _lemma(ctx: DocContext, ev: EventRecord) -> str:
    span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
    return span[0].lemma_.lower() if span is not None and len(span) else ""
