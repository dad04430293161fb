"""The same act, told again: a definite event noun ("Modi's visit", "Israel's attacks", "the
attacks on Kharkiv") often names an act the story told earlier, with the participants it lacks
in its own phrase.

- With a source but no target, it takes the target of the same source's earlier act of that
  type.
- With a target but no source, it takes the source of the latest earlier act of that type on
  the same target ("Russian forces shelled Kharkiv ... the attacks on Kharkiv").
The same source may be the state or one of its organs ("Israeli police" ... "Israel's attacks").
An indefinite noun ("earlier al-Shabab attacks") is a new act and takes nothing.
An agentless passive told later ("al-Rufay'i was killed in a precision airstrike") is the same
act too when an earlier real act of its type fell on the same target: it takes that source
(`retold_sources`, after coreference, when every earlier act has the source it will get), unless
it names a cause of its own (`agentless`: "two civilians were killed in Ukrainian shelling").
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.agent_country import STATE_ORGANS, acts_for_state
from app.extract.events.agentless import agentless_passives
from app.extract.events.earlier import borrow_sources, earlier_acts
from app.extract.events.modality import modality
from app.extract.records import ParticipantRecord
from app.extract.syntax import definite, first_child, trigger_token
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

TARGET_REACH = 30  # sentences back for the act a definite event noun names again
PASSIVE_REACH = 10  # sentences back for the act an agentless passive tells again


def carry_targets(ctx: DocContext) -> None:
    """Give a definite event noun without a target that of the same source's earlier act of the
    same type: "Modi arrived in Mauritius ... Modi's visit" is a visit to Mauritius."""
    for ev in sorted(ctx.events, key=lambda e: (e.sentence, e.trigger_start)):
        roles = {p.role for p in ev.participants}
        tok = trigger_token(ctx, ev)
        if roles != {ParticipantRole.SOURCE} or not _definite_noun(tok) or _among_them(tok):
            continue
        sources = {p.actor for p in ev.participants}
        told = earlier_acts(ctx, ev.plover_type, ev.trigger_start, ev.sentence, TARGET_REACH)
        for prev in told:
            # both told as real or both as hypothetical: an announcement is no antecedent
            # ("Lind will meet Ruto and Lula" ... "their phone call" need not be with Ruto)
            if prev.hypothetical != ev.hypothetical:
                continue
            if not same_side(ctx, sources, set(prev.actors_in(ParticipantRole.SOURCE))):
                continue
            targets = set(prev.actors_in(ParticipantRole.TARGET)) - sources or _partners(
                prev, sources
            )
            if targets:
                ev.participants += [
                    ParticipantRecord(actor=k, role=ParticipantRole.TARGET) for k in sorted(targets)
                ]
                break


def _among_them(noun: Token) -> bool:
    """ "their phone call", "our talks": an act had among those the pronoun names (PLOVER: all of
    them actors, no recipient), not the act a side had with others before."""
    poss = first_child(noun, "poss")
    return poss is not None and poss.lower_ in ("their", "our")


def _partners(prev: EventRecord, sources: set[str]) -> set[str]:
    """The other side of a meeting told with both sides as sources ("Kim and Putin held a summit
    ... Kim's summit"): a meeting is had with whoever else met."""
    met = set(prev.actors_in(ParticipantRole.SOURCE))
    if prev.plover_type != PloverType.CONSULT or prev.actors_in(ParticipantRole.TARGET):
        return set()
    return met - sources if sources & met else set()


def earlier_sources(
    ctx: DocContext, noun: Token, plover: str, targets: list[str], *, owner_is_target: bool = False
) -> list[str]:
    """The source of the act a definite event noun with no source of its own names again: the
    latest earlier event of that type on the same target ("Russia shelled Kharkiv ... the
    attacks on Kharkiv", "police arrested Mhlanga ... Mhlanga's arrest")."""
    if not targets or not _definite_noun(noun):
        return []
    if first_child(noun, "poss") is not None and not owner_is_target:
        return []  # "Kenya's attacks on ...": a possessor that is no source is no act told before
    if _unreal(noun):
        return []  # "there will be no arrest": an act to come is no act told before
    mine = set(targets)
    for prev in earlier_acts(ctx, plover, noun.idx, ctx.sent_of[noun.i], TARGET_REACH):
        if prev.hypothetical:
            continue
        if same_side(ctx, mine, set(prev.actors_in(ParticipantRole.TARGET))):
            return sorted(set(prev.actors_in(ParticipantRole.SOURCE)) - mine)
    return []


def retold_sources(ctx: DocContext) -> None:
    """Give an agentless passive with a target but no source ("al-Rufay'i was killed in a
    precision airstrike") the source of the latest earlier real act of that type on the same
    target ("Iraqi forces killed al-Rufay'i"): the story tells the same act again. Run once
    every other step has found the sources it can, in story order, so an act told three times
    passes its source on."""
    for ev, _ in agentless_passives(ctx):
        targets = set(ev.actors_in(ParticipantRole.TARGET))
        borrow_sources(ctx, ev, ev.plover_type, PASSIVE_REACH, partial(_on_same, ctx, targets))


def _on_same(ctx: DocContext, targets: set[str], prev: EventRecord) -> bool:
    return same_side(ctx, targets, set(prev.actors_in(ParticipantRole.TARGET)))


def _unreal(noun: Token) -> bool:
    """The noun's clause is negated, modal or conditional ("there will be no arrest", "unless
    the talks go ahead"): an act not told as done is no act told before. (A belief is not
    checked: "lawyers believe Petrovic's arrest was illegal" still names the real arrest.)"""
    verb = noun.head
    # climb to the clause's verb, bounded; compare positions, never identity (spaCy hands out a
    # new Token object on each access), so a verbless root (a headline) stops the climb
    for _ in range(8):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    lex = knowledge.event_lexicon()
    mode = modality(verb, lex)
    return mode.negated or mode.hypothetical


def same_side(ctx: DocContext, mine: set[str], theirs: set[str]) -> bool:
    """The same actors, or a state and its own organs ("Israeli police" ... "Israel's attacks")."""
    if mine & theirs:
        return True
    countries = {state_country(ctx, k) for k in theirs} - {None}
    return any(state_country(ctx, k) in countries for k in mine)


def state_country(ctx: DocContext, key: str) -> str | None:
    """The state an actor acts for: a state, one of its own organs (government, military,
    police, intelligence, courts, legislature), or a body coded as one of them (a president's
    office named for its seat); its civilians, rebels or opposition act for none."""
    rec = ctx.actors.by_key[key]
    organ = (rec.code or "")[3:] in STATE_ORGANS
    return rec.country if acts_for_state(rec) or organ else None


def _definite_noun(tok: Token) -> bool:
    """An event noun that names an act already told: possessed or with a definite article."""
    if tok.pos_ != "NOUN":
        return False
    return first_child(tok, "poss") is not None or definite(tok)
