"""A denial that goes on answering the same accuser: "the ministry rejected allegations by the
Zambian army ... (ten sentences on) ... the spokesman also rejected the allegation that rebels
train across the border" answers the army again.

A rejection of an accusation ("the allegation that ...", "such claims"; the `answered_nouns`
of type ACCUSE) that no earlier step gave a target, and whose noun names no author of its own,
takes the target of the latest earlier rejection of an accusation by the same side (the same
actor, a state and its organs or office holders), told at most `REACH` sentences before: a story
about one dispute tells the same two sides trading claims and denials. An earlier rejection of
something else (an offer, a demand) says nothing of who accuses, and neither does one without a
target; then the denial keeps none. A denial verb whose object is a relative pronoun ("Amnesty
traced the rifles to a state factory, which the ministry denied") rejected what a clause told of
it: an accusation too, whose teller the earlier step made its target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.counterparts import same_side_or_office
from app.extract.events.earlier import earlier_acts
from app.extract.records import ParticipantRecord
from app.extract.syntax import RELATIVE_PRONOUNS, first_child, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

# sentences back: one dispute runs through the story, and a spokesman's second denial often comes
# late (VOA: 16 sentences after his first); the accuser carried is only ever one this same side
# denied, and `answers` (6 sentences, a told accusation first) has already had its say
REACH = 20
_SOURCE, _TARGET = ParticipantRole.SOURCE, ParticipantRole.TARGET


def repeated_denial_targets(ctx: DocContext) -> None:
    for ev in sorted(ctx.events, key=lambda e: e.trigger_start):
        if not _open_denial(ctx, ev):
            continue
        sources = set(ev.actors_in(_SOURCE))
        for prev in earlier_acts(ctx, PloverType.REJECT, ev.trigger_start, ev.sentence, REACH):
            theirs = set(prev.actors_in(_SOURCE))
            if prev.negated or not theirs or not same_side_or_office(ctx, sources, theirs):
                continue
            accusers = [k for k in prev.actors_in(_TARGET) if k not in sources]
            if accusers and _denied_accusation(ctx, prev, owned_ok=True):
                ev.participants += [ParticipantRecord(actor=k, role=_TARGET) for k in accusers]
                break


def _open_denial(ctx: DocContext, ev: EventRecord) -> bool:
    """A rejection of an unattributed accusation, with a source and no target."""
    if ev.plover_type != PloverType.REJECT or ev.negated or ev.actors_in(_TARGET):
        return False
    return bool(ev.actors_in(_SOURCE)) and _denied_accusation(ctx, ev, owned_ok=False)


def _denied_accusation(ctx: DocContext, ev: EventRecord, *, owned_ok: bool) -> bool:
    """The event rejects an accusation noun (one with an author of its own only if `owned_ok`:
    "rejected Pakistan's allegation" shows whom that side answers)."""
    trigger = trigger_token(ctx, ev)
    obj = first_child(trigger, "dobj") or first_child(trigger, "nsubjpass")
    if obj is None:
        return False
    lex = knowledge.event_lexicon()
    if owned_ok and obj.lower_ in RELATIVE_PRONOUNS and trigger.lemma_.lower() in lex.denial_verbs:
        return True  # "..., which the ministry denied": the told claim, its teller the target
    if not owned_ok and any(
        c.dep_ == "det" and c.lower_ in lex.pointing_determiners for c in obj.children
    ):
        return False  # "rejected those claims": the claims just told, not the dispute's old accuser
    kind = lex.answered_nouns.get(obj.lemma_.lower())
    return kind == PloverType.ACCUSE and (owned_ok or not _authored(ctx, obj))


def _authored(ctx: DocContext, noun: Token) -> bool:
    """The noun names its author where it stands: a possessor, an actor compound, "by"/"from"."""
    return any(
        c.dep_ == "poss"
        or (c.dep_ == "compound" and ctx.links.actor[c.i] is not None)
        or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
        for c in noun.children
    )
