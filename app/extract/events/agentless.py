"""Agentless passives the events step left without a source ("two soldiers were killed"), for the
later steps that give them the source of an act the story told before (`retold`: the same act
on the same target; `aftermath`: the toll of the attack just told).

None of them when the passive names its own cause, which may be another act than the one told
before: a phrase that names a side ("killed in Ukrainian shelling", "in a Hamas rocket misfire"),
sets the act apart ("in a separate shooting") or names no act of violence ("in a road accident"),
or a clause with its own subject ("when their truck overturned"). Places and dates in those
phrases name no cause ("killed Thursday in Anbar")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.syntax import (
    first_child,
    is_passive,
    is_passive_participle,
    prep_objects,
    trigger_token,
)
from app.extract.violence_words import violence_words
from app.vocab import ParticipantRole

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

CAUSE_PREPS = ("in", "during", "after", "following", "amid")
_VIOLENT = frozenset({"ASSAULT", "COERCE"})


def agentless_passives(ctx: DocContext) -> Iterator[tuple[EventRecord, Token]]:
    """(event, trigger) of each real act told by a passive with a target, no source, no "by"
    agent and no cause of its own, in story order. Read lazily: a source given to one (a step
    filling them in order) is seen before the next is chosen."""
    for ev in sorted(ctx.events, key=lambda e: e.trigger_start):
        if ev.negated or ev.hypothetical or not ev.actors_in(ParticipantRole.TARGET):
            continue
        if ev.actors_in(ParticipantRole.SOURCE):
            continue
        verb = trigger_token(ctx, ev)
        if verb.pos_ != "VERB" or not (is_passive(verb) or is_passive_participle(verb)):
            continue
        if first_child(verb, "agent") is not None:
            continue  # "killed by a bomb": the clause names what did it
        if verb.dep_ == "acl" and verb.head.dep_ == "dobj":
            continue  # "the army rescued the passengers freed so far": the clause's act is told
        if names_own_cause(ctx, verb):
            continue
        yield ev, verb


def names_own_cause(ctx: DocContext, verb: Token) -> bool:
    """The passive tells its own cause, which may be another act (see the module docstring)."""
    if any(
        c.dep_ == "advcl" and first_child(c, "nsubj", "nsubjpass") is not None
        for c in verb.children
    ):
        return True  # "three soldiers were killed when their truck overturned"
    lex = knowledge.event_lexicon()
    words = violence_words()
    for act in prep_objects(verb, CAUSE_PREPS):
        if ctx.links.place[act.i] is not None or act.ent_type_ in ("DATE", "TIME"):
            continue
        mods = [c for c in act.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        if ctx.links.actor[act.i] is not None or any(_names_side(ctx, m) for m in mods):
            return True  # "in Ukrainian shelling", "in a Hamas rocket misfire"
        if any(m.lower_ in words.other_act_modifiers for m in mods):
            return True  # "in a separate shooting"
        if not _violent(act, lex):
            return True  # "in a road accident", "in a stampede"
    return False


def _names_side(ctx: DocContext, mod: Token) -> bool:
    if ctx.links.actor[mod.i] is not None or mod.ent_type_ in ("NORP", "GPE", "ORG"):
        return True
    return knowledge.country_of(mod.lower_) is not None


def _violent(act: Token, lex: knowledge.EventLexicon) -> bool:
    """An act of violence: an attack, a battle, a strike from the air or a weapon."""
    words = violence_words()
    lemma = act.lemma_.lower()
    forms = {lemma, act.lower_} | {
        f"{c.lower_}-{act.lower_}" for c in act.children if c.dep_ == "compound"
    }
    pattern = lex.nouns.get(lemma)
    return bool(
        forms & (lex.act_nouns | lex.battle_nouns | lex.aerial_acts | words.instruments)
        or (pattern is not None and pattern.plover in _VIOLENT)
    )
