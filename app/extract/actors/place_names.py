"""Names that are places, not actors: NER's ORG/PERSON/GPE spans checked against the
gazetteer and the article's countries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.extract import knowledge
from app.extract.knowledge import name_words, norm

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

_LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "throughout", "around", "within"}
)

_MOTION_PREPS = frozenset({"from", "into", "to"})


def only_a_place(root: Token) -> bool:
    """ "in Egypt", "withdrew from Syria": a location; "an offer from Syria" names an actor."""
    if root.dep_ != "pobj":
        return False
    prep = root.head.lower_
    if prep in _LOCATIVE_PREPS:
        return True
    return prep in _MOTION_PREPS and root.head.head.pos_ in ("VERB", "AUX")


def looks_like_place(ctx: DocContext, text: str) -> bool:
    from app.extract.places import gazetteer

    if knowledge.organizations().get(norm(text)) or ctx.actors.alias_index.get(norm(text)):
        return False
    entry = gazetteer().lookup(text)
    return entry is not None and (entry.kind != "city" or entry.population >= 100_000)


def place_by_own_name(ctx: DocContext, text: str) -> bool:
    """A real place under its own name ("Ankara"), not an alternate name ("Khalil" = Hebron)."""
    from app.extract.places import gazetteer

    if knowledge.country_of(text):
        return True
    entry = gazetteer().lookup(text, ctx.country_context)
    return entry is not None and norm(entry.name) == norm(text)


def known_place(text: str) -> bool:
    from app.extract.places import gazetteer

    return gazetteer().lookup(text) is not None


def place_in_context(ctx: DocContext, text: str) -> bool:
    from app.extract.places import gazetteer

    sk = knowledge.surname_key(name_words(text))
    if sk and ctx.actors.surnames.get(sk):
        return False
    entry = gazetteer().lookup(text, ctx.country_context)
    return (
        entry is not None
        and entry.kind == "city"
        and ctx.country_context.get(entry.country or "", 0) > 0
    )
