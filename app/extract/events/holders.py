"""Who holds the people whose release is asked for, when the phrase itself says it: "the release
of Palestinian prisoners held by Israel" (Israel), "of fighters held in Nigerian jails" (Nigeria),
"of activists detained in Egypt" (Egypt).

PLOVER codes a demand for the release of prisoners (REQUEST 'yield') as aimed at whoever holds
them. A participle of holding on the people released names the holder by its agent ("by"), or by
the state whose jail they are in ("held in Ethiopian jails", "in Balochistan prisons", "in
Russian custody"), or, for an act only a state does (detain, jail, imprison, arrest), by the
country they are held in ("detained in Russia"). Hostages "held in Gaza" or journalists
"abducted in Syria" are held by their captors, not by the state of the place: no holder.
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
        if (
            held.dep_ != "acl"
            or held.tag_ not in ("VBN", "VBD")
            or held.lemma_.lower() not in words
        ):
            continue
        by = [k for p in prep_objects(held, ("by",)) for k in actors_of(ctx, p)]
        if by:
            return by
        state_act = held.lemma_.lower() in knowledge.event_lexicon().state_holding_verbs
        for where in prep_objects(held, ("in",)):
            state = _state_of(ctx, where, state_act)
            if state is not None:
                return [state]
    return []


def _state_of(ctx: DocContext, where: Token, state_act: bool) -> str | None:
    """The state that holds people in `where`: the owner of a jail ("in Ethiopian jails", "in
    Balochistan prisons"), or, for a state's own act, the country itself ("detained in Russia";
    not a city or territory, whose people may be held by others)."""
    jail = where.lemma_.lower() in knowledge.event_lexicon().detention_places
    for t in [where, *where.children] if jail else [where]:
        place = ctx.links.place[t.i]
        if place is not None:
            rec = ctx.places.by_key[place]
            if (jail or (state_act and rec.kind == "country")) and rec.country in _COUNTRIES:
                return state_actor(ctx, rec.country)
        if jail and t.dep_ in ("amod", "compound") and t.i < where.i:
            found = knowledge.country_of(t.text)
            if found is not None:
                return state_actor(ctx, found.alpha3)
    return None


_COUNTRIES = knowledge.countries().by_code
