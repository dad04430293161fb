"""Recipients that a place stands for when the act's object says who is meant by it.

A restriction laid on a place ("a curfew in Gulu", "martial law on three districts", "lifted the
state of emergency in Kassala") falls on the people who live there: PLOVER's COERCE recipient
is whoever the act is meant to affect, and CONCEDE's, THREATEN's the same people when it is
eased or threatened. Those people are the civilians of the place's country (CAMEO/ICEWS
"citizens of X"), whoever imposes it, the country's own government included, whom the
place-for-its-state fallback (targets.place_state) leaves out. A diplomatic post opened in a
city ("opened an embassy in Lima") is a relation with the state the city is in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import agent_actor
from app.extract.events.targets import place_state, places_among
from app.extract.syntax import prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


_WHERE = ("in", "on", "across", "throughout")
# a restriction is eased, imposed or threatened; an embassy is opened: a relation (SUPPORT)
_RESTRICTION_TYPES = frozenset({"COERCE", "CONCEDE", "THREATEN", "RETREAT"})


def place_recipients(
    ctx: DocContext, verb: Token, dobj: Token | None, plover: str, sources: list[str]
) -> list[str]:
    """Whom a restriction or a diplomatic post in a named place is aimed at, else nothing."""
    if dobj is None:
        return []
    lex = knowledge.event_lexicon()
    where = [*prep_objects(dobj, _WHERE), *prep_objects(verb, _WHERE)]
    places = places_among(ctx, where)
    if not places:
        return []
    if plover in _RESTRICTION_TYPES and _names(dobj, lex.restriction_nouns):
        country = ctx.places.by_key[places[0]].country
        if country and country in knowledge.countries().by_code:
            key = agent_actor(ctx, country, "CVL")
            return [] if key in sources else [key]
        return []
    if plover == "SUPPORT" and dobj.lemma_.lower() in lex.diplomatic_posts:
        state = place_state(ctx, places[0], sources)  # "opened an embassy in Lima": Peru
        return [state] if state else []
    return []


def _names(obj: Token, words: frozenset[str]) -> bool:
    """The object is one of `words`, or says it in its modifier or "of" phrase: "martial law",
    "a state of emergency", "the emergency rule"."""
    cands = [obj, *(c for c in obj.children if c.dep_ in ("amod", "compound"))]
    cands += prep_objects(obj, ("of",))
    return any(t.lemma_.lower() in words or t.lower_ in words for t in cands)
