"""Where a place stands in the text and the story: written as a location ("in Cairo"), broad
("Middle East"), or the article's main place."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext

LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "throughout",
        "around",
        "into",
        "within",
        "from",
        "to",
        "along",
        "toward",
        "towards",
        "through",
    }
)


def is_locative(tok: Token) -> bool:
    """True when `tok` heads a prepositional object like "in Cairo"."""
    return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS


def is_broad(ctx: DocContext, key: str) -> bool:
    """A continent or a region with no country ("Middle East"): only when nothing finer is known."""
    place = ctx.places.by_key[key]
    return place.kind == "continent" or (place.kind == "region" and not place.country)


def dominant_place(ctx: DocContext) -> str | None:
    """The article's main place: the most mentioned place that is written as a location
    ("in Cairo") or is smaller than a country, broad regions last; None when the article names
    only countries."""
    ranked = [k for k, _ in ctx.places.counts.most_common()]
    for key in [k for k in ranked if not is_broad(ctx, k)] + [
        k for k in ranked if is_broad(ctx, k)
    ]:
        if key in ctx.places.locative:
            return key
        if ctx.places.by_key[key].kind != "country" and key not in ctx.places.capital_of:
            return key  # a capital never written as a location stands for its state ("Tehran said")
    return None
