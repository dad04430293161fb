"""The unidentified actor of PLOVER's sector table (UNK: "actor for 'two civilians were killed
by a bomb'"), for an act of violence the clause tells by its weapon alone.

Only when the clause itself names the weapon or the attack and nobody behind it ("killed by a
roadside bomb", "killed in a rocket attack", "a car bomb killed four soldiers"): the text then
says the author is unknown to it. A bare passive ("five people were killed") gets no such
source: its author is often named elsewhere in the story, and UNK would deny that. For the same
reason the actor is given last, once every other step has had its say, and only when no act
with a named author lies near ("Boko Haram fighters raided the village ... five villagers were
killed by gunfire") and no one claims it next ("the Taliban claimed responsibility")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.events.counter_fire import counter_fire_source
from app.extract.records import ParticipantRecord
from app.extract.syntax import definite, first_child, is_passive, prep_objects, trigger_token
from app.extract.violence_words import violence_words
from app.identity import unidentified_key
from app.vocab import ParticipantRole, PloverType

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext
    from app.extract.records import EventRecord

AUTHOR_REACH = 2  # sentences either side where a named author's act or claim rules UNK out
# acts whose named author may be the weapon's: the raid or attack the killing was part of
_AUTHORED = frozenset({PloverType.ASSAULT, PloverType.COERCE})


def unidentified_source(ctx: DocContext) -> str:
    """The one unidentified actor of an article (a data-file actor: no country, sector UNK)."""
    words = violence_words()
    code = words.unidentified_code
    return ctx.actors.ensure(unidentified_key(code), words.unidentified_name, "agent", code=code)


def unidentified_sources(ctx: DocContext) -> None:
    """Give PLOVER's unidentified actor to the acts of violence told by a weapon alone whose
    author nothing in the story names (see the module docstring)."""
    for ev in ctx.events:
        roles = {p.role for p in ev.participants}
        if ev.plover_type != PloverType.ASSAULT or ev.negated or ev.hypothetical:
            continue
        if ParticipantRole.SOURCE in roles or ParticipantRole.TARGET not in roles:
            continue
        state_force = counter_fire_source(ctx, ev)
        if state_force is not None:  # "snipers killed two militants": the state's, not UNK
            ev.participants.insert(0, ParticipantRecord(state_force, ParticipantRole.SOURCE))
            continue
        verb = trigger_token(ctx, ev)
        if verb.pos_ != "VERB" or not weapon_only(ctx, verb, passive=is_passive(verb)):
            continue
        if _author_near(ctx, ev):
            continue
        source = ParticipantRecord(actor=unidentified_source(ctx), role=ParticipantRole.SOURCE)
        ev.participants.insert(0, source)


def _author_near(ctx: DocContext, ev: EventRecord) -> bool:
    """A named author's violent act near the weapon, or a claim of it after."""
    lo, hi = ev.sentence - AUTHOR_REACH, ev.sentence + AUTHOR_REACH
    for other in ctx.events:
        if other is ev or not lo <= other.sentence <= hi or other.plover_type not in _AUTHORED:
            continue
        if other.negated or other.hypothetical:
            continue
        if any(p.role == ParticipantRole.SOURCE for p in other.participants):
            return True
    return claimed_after(ctx, ev)


def claimed_after(ctx: DocContext, ev: EventRecord) -> bool:
    """A named actor claims the act in its sentence or the next ones ("an IS affiliate claimed
    responsibility"): the text names its author."""
    claims = violence_words().claimed_nouns
    for sent in ctx.sents[ev.sentence : ev.sentence + AUTHOR_REACH + 1]:
        for tok in sent:
            verbs = claims.get(tok.lemma_.lower())
            if verbs and tok.head.lemma_.lower() in verbs:
                subj = first_child(tok.head, "nsubj")
                named = [subj, *subj.children] if subj is not None else []  # "an IS affiliate"
                if any(ctx.links.actor[t.i] is not None for t in named):
                    return True
    return False


def weapon_only(ctx: DocContext, verb: Token, *, passive: bool) -> bool:
    """The clause tells the violence by a weapon or an attack that has no author of its own: the
    passive's "by"/"in"/"with" object, or the active verb's own subject."""
    if passive:
        tools = prep_objects(verb, ("in", "during", "with"))
        agent = first_child(verb, "agent")
        if agent is not None:
            tools += [c for c in agent.children if c.dep_ == "pobj"]
    else:
        subj = first_child(verb, "nsubj")
        tools = [subj] if subj is not None else []
    return any(_anonymous_weapon(ctx, t) for t in tools)


def _anonymous_weapon(ctx: DocContext, tok: Token) -> bool:
    if ctx.links.actor[tok.i] is not None or definite(tok):
        return False  # "the attack": the story told it before, perhaps with its author
    if any(c.dep_ in ("poss", "agent", "acl") for c in tok.children):
        return False  # an owner or a participle ("claimed by") may name the author
    if any(_names_author(ctx, c) for c in tok.children if c.dep_ in ("compound", "amod", "nmod")):
        return False  # "police gunfire", "Israeli gunfire": the text says whose
    words = violence_words()
    lemma = tok.lemma_.lower()
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    mods |= {g.lower_ for c in tok.children if c.dep_ == "compound" for g in c.children}
    not_violent = knowledge.event_lexicon().not_event_modifiers.get(lemma, frozenset())
    if mods & not_violent:
        return False  # "a heart attack"
    if lemma in words.instruments:
        return True
    return bool(mods & words.qualified_instruments.get(lemma, frozenset()))


def _names_author(ctx: DocContext, mod: Token) -> bool:
    """A modifier that names who used the weapon: an actor, a people or a force."""
    if ctx.links.actor[mod.i] is not None or mod.ent_type_ in ("NORP", "GPE", "ORG"):
        return True
    low = mod.lower_
    return knowledge.country_of(low) is not None or low in knowledge.agents()
