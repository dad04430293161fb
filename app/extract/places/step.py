"""The places step: place entities geocoded with the whole article as context (countries and
first-level divisions named elsewhere settle ambiguous names), then datelines and the names
spaCy missed."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from app.extract.gazetteer import GazetteerEntry, fold, gazetteer
from app.extract.gazetteer.lookup import ends_with_division_word
from app.extract.place_spans import (
    MIN_TOWN_IN_NAME,
    NAME_LABELS,
    inner_place,
    trimmed_range,
    written_lower,
)
from app.extract.places.datelines import datelines
from app.extract.places.location import is_locative
from app.extract.places.names import country_forms, initialism
from app.extract.places.registry import mark, place_record
from app.extract.places.untagged import after_comma, untagged

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

    from app.extract.context import DocContext

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"})
_PLACE_OR_NAME = PLACE_LABELS | NAME_LABELS
INSIDE_PREPS = frozenset({"in", "inside", "near", "outside", "across", "throughout", "within"})

# A person's or organisation's name is a place only when it names a sizeable town: "Jackson said"
# is a person, not Jackson, Mississippi.
MIN_POPULATION_BY_LABEL = {"PERSON": 100_000, "ORG": 15_000, "NORP": 15_000}


def _article_context(ctx: DocContext, ents: list[Span]) -> Counter[str]:
    """Countries and first-level divisions of the article's unambiguous places (plus the
    countries its actors named): what steers "Kingston" to Queensland or Jamaica."""
    gaz = gazetteer()
    context: Counter[str] = Counter(ctx.country_context)
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        entry = gaz.lookup(ent.ent_id_ or ent.text)
        if entry is None or not entry.country:
            continue
        if entry.kind == "country":
            context[entry.country] += 1
            continue
        if gaz.ambiguous(ent.text, entry):
            continue  # an ambiguous town does not steer the others
        ctx.country_context[entry.country] += 1
        context[entry.country] += 1
        if entry.admin1:
            context[entry.admin1] += 1
    return context


def find_places(ctx: DocContext) -> None:
    """Geocode place entities; a demonym is never a place, a country name never a foreign town."""
    from app.extract import knowledge as kb

    gaz = gazetteer()
    ents = [e for e in ctx.ents if e.label_ in _PLACE_OR_NAME]
    context = _article_context(ctx, ents)
    for ent in ents:
        start, end = trimmed_range(ent)
        text = ctx.span_text(start, end)
        root = ent.root
        if ent.label_ == "NORP" and (
            kb.countries().by_demonym.get(kb.norm(text)) or kb.country_of(text)
        ):
            continue
        if ent.label_ == "NORP" and text[:1].isupper() and root.pos_ == "ADJ":
            continue
        # Nobody is "in" a person or an organisation: "horses nearby in Riverdale" is a place even
        # when spaCy calls it a person.
        inside = root.dep_ == "pobj" and root.head.lower_ in INSIDE_PREPS
        min_population = 0 if inside else MIN_POPULATION_BY_LABEL.get(ent.label_, 0)
        entry = gaz.lookup(ent.ent_id_ or text, context, min_population)
        if entry is not None and not _plausible(ctx, ent, entry, inside, context):
            entry = None
        if entry is None:
            entry = initialism(text, context)
        if entry is None:
            if ent.label_ in NAME_LABELS and not ctx.links.place[ent.start]:
                _inner(ctx, ent, context)
            continue
        key = place_record(ctx, entry, written=text)
        if entry.kind == "city":
            capital_of = gaz.capitals.get(fold(text))
            if capital_of and capital_of == entry.country:
                ctx.places.capital_of[key] = capital_of
        locative = is_locative(root) and ctx.links.actor[root.i] is None
        mark(ctx, key, start, end, locative, entry.kind == "country")
    datelines(ctx, context)
    untagged(ctx, context)
    after_comma(ctx, context)


def _plausible(
    ctx: DocContext, ent: Span, entry: GazetteerEntry, inside: bool, context: Counter[str]
) -> bool:
    """Whether a name spaCy did not call a place (a person, an organisation, a product) is the
    place `entry` all the same."""
    if ent.label_ in ("GPE", "LOC"):
        return True
    if len(ent) == 1 and ent.label_ in ("ORG", "PERSON") and not inside and written_lower(ent[0]):
        return False  # "Time will tell", "time needed": a word, not a town
    in_context = bool(context.get(entry.country or "", 0))
    if entry.level and ends_with_division_word(ctx.span_text(*trimmed_range(ent))):
        return True  # "Sokoto State", "Guma Local Government Area": written as a division
    if entry.level == 2 and not (inside or (in_context and ent.label_ != "PERSON")):
        return False  # "Kent said", "Bayo Omiboriowo": a county's name is also a person's
    if ent.label_ in NAME_LABELS and ent.label_ not in PLACE_LABELS:
        # "captured in Chattanooga", "Mauritius" written in full: a place mislabelled.
        return inside or (
            entry.kind == "country"
            and ctx.span_text(*trimmed_range(ent)) in (entry.name, *country_forms(entry))
        )
    if ent.label_ in ("ORG", "PERSON") and (
        ctx.links.actor[ent.start] or ctx.links.actor[ent.end - 1]
    ):
        # spaCy takes "Tamil Nadu" or "Sokoto State" for a person: a first-level division
        # named in several words, or of a country the article is about, is a place all the
        # same; so is anything the text puts something inside. Otherwise it is the actor.
        division = entry.kind == "region" and entry.country is not None
        return inside or (division and (len(ent) > 1 or in_context))
    return True


def _inner(ctx: DocContext, ent: Span, context: Counter[str]) -> None:
    """A place named inside an organisation's name: "the U.S. Federal Trade Commission"; not
    inside a news outlet's ("The New York Times" reports from anywhere)."""
    if any(ctx.links.actor[t.i] in ctx.actors.media for t in ent if ctx.links.actor[t.i]):
        return
    gaz = gazetteer()
    found = inner_place(
        ent,
        lambda name: gaz.lookup(name, context, MIN_TOWN_IN_NAME),
        lambda entry: bool(context.get(entry.country or "", 0)),
    )
    for span, entry in found:  # a name inside another does not say where the story is
        key = place_record(ctx, entry, written=span.text)
        mark(ctx, key, span.start, span.end, False, entry.kind == "country", weight=0)
