"""Reactions to an act on someone the article told before: "condemned Mhlanga's arrest" is
aimed at whoever arrested Mhlanga, "called for his release" at whoever holds him.

A reaction (a condemnation, a demand, a rejection ...) with no target whose object is an act a
named person or group suffered ("X's arrest", "the killing of X") takes as its target the author
of the latest earlier event of that act's type on X; a release answers an arrest or detention
(COERCE). The patient is named, so the act may lie far back in the story; an act told as
negated or hypothetical is no act done. With no such act told, a release is asked of whoever the
phrase itself says holds the people (`holders`: "prisoners held by Israel", "held in Nigerian
jails"). With no such act told either, a demand coordinated with the reaction that is about the
same people names who did it: "condemned Mhlanga's arrest and urged the government to drop the
charges against him" is aimed at the government.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.earlier import earlier_acts
from app.extract.events.holders import holders
from app.extract.events.owners import REACTION_TYPES
from app.extract.events.retold import TARGET_REACH, same_side
from app.extract.mentions import actors_of, suffered
from app.extract.records import ParticipantRecord
from app.extract.syntax import first_child, prep_objects
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def acted_on_targets(ctx: DocContext) -> None:
    for ev in ctx.events:
        if ev.plover_type not in REACTION_TYPES or ev.actors_in(_TARGET):
            continue
        span = ctx.doc.char_span(ev.trigger_start, ev.trigger_end)
        if span is None or not len(span):
            continue
        sources = set(ev.actors_in(_SOURCE))
        for noun in _objects(span[0]):
            found = _suffered_act(ctx, noun)
            authors = []
            if found is not None:
                kind, patients = found
                authors = _authors(ctx, ev, kind, set(patients) - sources, sources)
                # "... and urged the government to drop the charges against him"
                authors = authors or _asked_to_undo(ctx, span[0], set(patients), sources)
            if not authors and noun.lemma_.lower() in knowledge.event_lexicon().release_nouns:
                authors = [k for k in holders(ctx, noun) if k not in sources]
                if same_side(ctx, sources, set(authors)):
                    authors = []  # "Kenya demanded the release of Kenyans held in Kenya"
            if authors:
                ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in authors]
                break


def _objects(trigger: Token) -> list[Token]:
    """What the reaction is about: its object, or the noun after "for"/"over"/"against"
    ("called for his release", "protested over the arrest of ...")."""
    out = [t for t in (first_child(trigger, "dobj"), first_child(trigger, "nsubjpass")) if t]
    return out + prep_objects(trigger, ("for", "over", "against"))


def _suffered_act(ctx: DocContext, noun: Token) -> tuple[PloverType, list[str]] | None:
    """The act type a noun names and who suffered it: "Mhlanga's arrest" (COERCE, Mhlanga),
    "the release of the journalists" (COERCE, the journalists)."""
    lex = knowledge.event_lexicon()
    word = noun.lemma_.lower()
    if word in lex.release_nouns:
        kind = PloverType.COERCE
    elif word in lex.patient_nouns and word in lex.answered_nouns:
        kind = PloverType(lex.answered_nouns[word])
    else:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "by" for c in noun.children):
        return None  # "the arrest of X by police": its author is named where it stands
    # "Mhlanga's arrest", "his release"; else "the release of the journalists"
    owner = first_child(noun, "poss")
    patients = [owner] if owner is not None and suffered(noun) else prep_objects(noun, ("of",))
    keys = [k for p in patients for k in actors_of(ctx, p)]
    return (kind, keys) if keys else None


def _authors(
    ctx: DocContext, ev: EventRecord, kind: PloverType, patients: set[str], sources: set[str]
) -> list[str]:
    """Sources of the latest earlier real event of that type on those patients, by others."""
    for other in earlier_acts(ctx, kind, ev.trigger_start, ev.sentence, TARGET_REACH):
        if other.negated or other.hypothetical:
            continue
        if not patients & set(other.actors_in(_TARGET)):
            continue
        authors = [k for k in other.actors_in(_SOURCE) if k not in sources and k not in patients]
        if authors:
            return authors
    return []


def _asked_to_undo(
    ctx: DocContext, trigger: Token, patients: set[str], sources: set[str]
) -> list[str]:
    """The target of a demand told in a verb coordinated with the reaction, or that the
    reaction's participle clause opens, whose own words name the same patients ("... and urged
    the government to drop all charges against him", "Condemning X's arrest, they asked the
    police to free him")."""
    verbs = [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if trigger.dep_ in ("conj", "advcl") and trigger.head.pos_ == "VERB":
        verbs.append(trigger.head)
    for verb in verbs:
        # a demand the reaction hangs from holds the reaction's own words: not those
        own = {t.i for t in trigger.subtree} if verb is trigger.head else set()
        demand = next(
            (
                e
                for e in ctx.events
                if e.trigger_start == verb.idx
                and e.plover_type == PloverType.REQUEST
                and not e.negated
            ),
            None,
        )
        if demand is None:
            continue
        args = [
            t
            for t in verb.subtree
            if t.i not in own and (t.dep_ in ("pobj", "dobj") or t.pos_ == "PRON")
        ]
        named = {k for t in args for k in actors_of(ctx, t)}
        if not patients & named:
            continue  # "... and urged donors to fund the schools": about others
        found = [k for k in demand.actors_in(_TARGET) if k not in sources and k not in patients]
        if found:
            return found
    return []
