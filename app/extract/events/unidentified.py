"""The unidentified actor of PLOVER's sector table (UNK: "actor for 'two civilians were killed
by a bomb'"), for an act of violence the clause tells by its weapon alone.

Only when the clause itself names the weapon or the attack and nobody behind it ("killed by a
roadside bomb", "killed in a rocket attack", "a car bomb killed four soldiers"): the text then
says the author is unknown to it. A bare passive ("five people were killed") gets no such
source: its author is often named elsewhere in the story, and UNK would deny that."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.syntax import definite, first_child, prep_objects
from app.extract.violence_words import violence_words
from app.identity import unidentified_key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def unidentified_source(ctx: DocContext) -> str:
    """The one unidentified actor of an article (a data-file actor: no country, sector UNK)."""
    words = violence_words()
    code = words.unidentified_code
    return ctx.actors.ensure(unidentified_key(code), words.unidentified_name, "agent", code=code)


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
