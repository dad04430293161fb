"""Who holds the people whose release is asked for, when the phrase itself says it: "the release
of Palestinian prisoners held by Israel" (Israel), "of fighters held in Nigerian jails" (Nigeria),
"of activists detained in Egypt" (Egypt).

PLOVER codes a demand for the release of prisoners (REQUEST 'yield') as aimed at whoever holds
them. A participle of holding on the people released names the holder by its agent ("by"), or by
the state of the place they are held in (a place, or a jail that a place or demonym modifies):
people held in a country's prisons are held by that state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.actors.registry import state_actor
from app.extract.mentions import actors_of
from app.extract.syntax import prep_objects

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


def holders(ctx: DocContext, release: Token) -> list[str]:
    """The holders the phrase of a release noun names, or none: a participle of holding
    anywhere in the noun's phrase (the parser hangs long lists of the people released in odd
    places: "of political prisoners, missing persons, and ... workers held in ...")."""
    words = knowledge.event_lexicon().holding_verbs
    for held in release.subtree:
        if held.dep_ != "acl" or held.tag_ != "VBN" or held.lemma_.lower() not in words:
            continue
        by = [k for p in prep_objects(held, ("by",)) for k in actors_of(ctx, p)]
        if by:
            return by
        state = next((s for p in prep_objects(held, ("in",)) if (s := _state_of(ctx, p))), None)
        if state is not None:
            return [state]
    return []


def _state_of(ctx: DocContext, where: Token) -> str | None:
    """The state a place of detention belongs to: a place named ("in Egypt", "in Balochistan
    prisons") or a demonym on the jail ("in Nigerian jails")."""
    for t in [where, *where.children]:
        place = ctx.links.place[t.i]
        if place is not None:
            country = ctx.places.by_key[place].country
            if country and country in knowledge.countries().by_code:
                return state_actor(ctx, country)
        if t.dep_ in ("amod", "compound") and t.i < where.i:
            found = knowledge.country_of(t.text)
            if found is not None:
                return state_actor(ctx, found.alpha3)
    return None
