"""Finding places in an article: place entities and datelines, geocoded with the whole article
as context (countries and first-level divisions named elsewhere settle ambiguous names).

The gazetteer itself lives in `app.extract.gazetteer`; `gazetteer`, `GazetteerEntry` and `fold`
are re-exported here for the modules that look names up.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from app.extract.gazetteer import GazetteerEntry, fold, gazetteer
from app.extract.gazetteer.lookup import ends_with_division_word
from app.extract.place_spans import (
    MIN_TOWN_IN_NAME,
    NAME_LABELS,
    inner_place,
    trim,
    written_lower,
)
from app.identity import place_key
from app.vocab import EntityType, PlaceKind

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from app.extract.context import DocContext

__all__ = [
    "GazetteerEntry",
    "dominant_place",
    "find_places",
    "fold",
    "gazetteer",
    "is_broad",
    "is_locative",
]

# --------------------------------------------------------------------------- finding places

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"})
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


def _parent(entry: GazetteerEntry) -> GazetteerEntry | None:
    """The place containing `entry`: a county's state, a territory's parent, else its country."""
    gaz = gazetteer()
    if entry.kind == "region" and entry.admin1 and entry.parent:
        state = gaz.division(entry.admin1)
        if state is not None and state is not entry:
            return state
    if entry.parent and entry.kind in ("territory", "other"):
        parent = gaz.lookup(entry.parent)
        return parent if parent is not entry else None
    if entry.kind in ("city", "region", "territory") and entry.country:
        return gaz.country(entry.country)
    return None


def place_record(ctx: DocContext, entry: GazetteerEntry, written: str | None = None) -> str:
    """Key of the place record for a gazetteer entry, adding it (and its parent) if new."""
    from app.extract.records import PlaceRecord

    ident = place_key(entry.kind, entry.name, entry.country, entry.geonames_id)
    known = ctx.places.ident.get(ident)
    if known:
        return known
    parent = _parent(entry)
    parent_key = place_record(ctx, parent) if parent is not None else None
    key = f"p{len(ctx.places.records) + 1}"
    kind = (
        entry.kind
        if entry.kind in ("city", "region", "territory", "country", "continent")
        else "other"
    )
    name = entry.name
    if (
        written
        and entry.kind == "city"
        and fold(written) == fold(entry.name)
        and written.isascii()
        and not written.isupper()  # "CAIRO" in a dateline is Cairo
    ):
        name = " ".join(written.split())  # "Rafah" as written, not "Rafaḩ"
    rec = PlaceRecord(
        key=key,
        name=name,
        kind=PlaceKind(kind),
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        geonames_id=entry.geonames_id,
        parent=parent_key,
    )
    ctx.places.records.append(rec)
    ctx.places.by_key[key] = rec
    ctx.places.ident[ident] = key
    return key


INSIDE_PREPS = frozenset({"in", "inside", "near", "outside", "across", "throughout", "within"})

# A person's or organisation's name is a place only when it names a sizeable town: "Jackson said"
# is a person, not Jackson, Mississippi.
MIN_POPULATION_BY_LABEL = {"PERSON": 100_000, "ORG": 15_000, "NORP": 15_000}

# "BEIRUT (AP) —", "IMMOKALEE, Fla. —", "MEXICO CITY -": the dateline that opens a wire story.
_CAPS = r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"
_DATELINE = re.compile(
    rf"^[ \t]*({_CAPS}(?:[ \t]*&[ \t]*{_CAPS})?)[ \t]*(?=,|\(|\u2014|\u2013|-\s|:|\ufffd)",
    re.MULTILINE,
)
# Inside a paragraph, after a sentence, only with what marks a dateline there: "… conduct.
# ALBUQUERQUE, N.M. (AP) -", "… Grant Event. IMMOKALEE - Congressman"; and a story's first words
# in capitals before a capitalised word ("OKLAHOMA CITY The Latest on …").
_INLINE_DATELINE = re.compile(
    rf"(?<=[.!?] )({_CAPS})"
    r"(?=,\s*[A-Z][A-Za-z.]*\s*(?:\(|[\u2014\u2013-])|\s*\(|\s*[\u2014\u2013]|\s-\s)"
    rf"|\A\s*({_CAPS})(?= [A-Z][a-z])"
)


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


def _mark(
    ctx: DocContext,
    key: str,
    start: int,
    end: int,
    locative: bool,
    country: bool,
    weight: int | None = None,
) -> None:
    """Link tokens [start, end) to place `key` and count the mention towards the article's
    dominant place (`weight`: 2 written as a location, else 1; 0 for a name inside another)."""
    doc = ctx.doc
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    for i in range(start, end):
        ctx.links.place[i] = key
    ctx.add_mention(key, EntityType.PLACE, start, end)
    if locative:
        ctx.places.locative.add(key)
    if weight is None:
        weight = 1 if country or not locative else 2
    if weight:
        ctx.places.counts[key] += weight


def _datelines(ctx: DocContext, context: Counter[str]) -> None:
    """An all-capitals dateline opening a story or paragraph ("BEIRUT (AP) —", "TIJUANA,
    Mexico —") is a place spaCy does not tag."""
    text = ctx.text
    found = [(m.start(1), m.end(1)) for m in _DATELINE.finditer(text)]
    for m in _INLINE_DATELINE.finditer(text):
        g = 1 if m.group(1) else 2
        found.append((m.start(g), m.end(g)))
    names = []
    for start, end in found:  # "TIJUANA & SAN DIEGO": two places
        for part in re.finditer(r"[^&]+", text[start:end]):
            name = part.group().strip()
            if name:
                names.append((start + part.start() + part.group().index(name), len(name)))
    for start, length in names:
        if len(text[start : start + length].replace(" ", "")) < 4:
            continue  # "AP", "US": agencies and abbreviations
        span = ctx.doc.char_span(start, start + length, alignment_mode="contract")
        if span is None or len(span) == 0:
            continue
        tagged = ctx.links.place[span.start]
        if tagged is not None:  # spaCy found it: still the story's location, not an actor
            if tagged not in ctx.places.locative:
                ctx.places.locative.add(tagged)
                ctx.places.counts[tagged] += 1
            continue
        if any(ctx.links.place[t.i] for t in span):
            continue
        entry = gazetteer().lookup(span.text, context)
        if entry is None:
            continue
        key = place_record(ctx, entry, written=span.text.title())
        _mark(ctx, key, span.start, span.end, locative=True, country=entry.kind == "country")


def _country_forms(entry: GazetteerEntry) -> tuple[str, ...]:
    from app.extract import knowledge as kb

    country = kb.countries().by_code.get(entry.country or "")
    return (country.name, *country.aliases) if country else ()


def _untagged(ctx: DocContext, context: Counter[str]) -> None:
    """Capitalised names spaCy left untagged: a country name anywhere ("sanctions on Vietnam"),
    a division or town after a locative preposition ("in Riverdale") or before ", State"."""
    gaz = gazetteer()
    doc = ctx.doc
    table = ctx.table
    free = table.where(table.title() & table.outside_ents())  # capitalised, in no entity
    usable = set(free)
    done = 0
    for i in free:
        if i < done or ctx.links.place[i]:
            continue
        for n in (3, 2, 1):
            if any(j not in usable for j in range(i + 1, i + n)):
                continue
            span = doc[i : i + n]
            if len(span) < n or not gaz.known(span.text):
                continue
            entry = gaz.lookup(span.text, context)
            if entry is None:
                continue
            prev = doc[i - 1] if i else None
            after = doc[i + n + 1] if i + n + 1 < len(doc) and doc[i + n].text == "," else None
            locative = prev is not None and prev.lower_ in LOCATIVE_PREPS
            state = gaz.lookup(after.text, context) if after is not None else None
            in_state = state is not None and state.kind in ("region", "country")
            # "Benue State", "Daviess County": a division written with its generic word.
            named_division = entry.level > 0 and ends_with_division_word(span.text)
            if (
                entry.kind != "country"
                and not (locative or in_state or named_division)
                or (
                    entry.kind == "country"
                    and span.text not in (entry.name, *_country_forms(entry))
                )
            ):
                continue
            key = place_record(ctx, entry, written=span.text)
            _mark(ctx, key, span.start, span.end, locative, entry.kind == "country")
            done = i + n
            break


def find_places(ctx: DocContext) -> None:
    """Geocode place entities; a demonym is never a place, a country name never a foreign town."""
    from app.extract import knowledge as kb

    gaz = gazetteer()
    ents = [e for e in ctx.doc.ents if e.label_ in PLACE_LABELS | NAME_LABELS]
    context = _article_context(ctx, ents)
    for ent in ents:
        span = trim(ent)
        text = span.text
        if ent.label_ == "NORP" and (
            kb.countries().by_demonym.get(kb.norm(text)) or kb.country_of(text)
        ):
            continue
        if ent.label_ == "NORP" and text[:1].isupper() and ent.root.pos_ == "ADJ":
            continue
        # Nobody is "in" a person or an organisation: "horses nearby in Riverdale" is a place even
        # when spaCy calls it a person.
        inside = ent.root.dep_ == "pobj" and ent.root.head.lower_ in INSIDE_PREPS
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
        locative = is_locative(ent.root) and ctx.links.actor[ent.root.i] is None
        _mark(ctx, key, span.start, span.end, locative, entry.kind == "country")
    _datelines(ctx, context)
    _untagged(ctx, context)
    _after_comma(ctx, context)


_INITIALS = re.compile(r"^[A-Z](?:&?[A-Z]){1,3}$")
_NOT_INITIAL = frozenset({"and", "of", "the", "&"})


def initialism(text: str, context: Counter[str]) -> GazetteerEntry | None:
    """ "SA" in an article naming South Africa, "T&T" for Trinidad and Tobago: the initials of a
    country the article has named (the most named one when several share them)."""
    if not _INITIALS.match(text):
        return None
    gaz = gazetteer()
    want = text.replace("&", "")
    best: tuple[int, GazetteerEntry] | None = None
    for code, count in context.items():
        entry = gaz.country(code) if len(code) == 3 else None
        if entry is None:
            continue
        for name in (entry.name, *_country_forms(entry)):
            words = [w for w in re.split(r"[\s-]+", name) if w.lower() not in _NOT_INITIAL]
            if len(words) > 1 and "".join(w[0] for w in words).upper() == want:
                if best is None or count > best[0]:
                    best = (count, entry)
                break
    return best[1] if best else None


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
    if entry.level and ends_with_division_word(trim(ent).text):
        return True  # "Sokoto State", "Guma Local Government Area": written as a division
    if entry.level == 2 and not (inside or (in_context and ent.label_ != "PERSON")):
        return False  # "Kent said", "Bayo Omiboriowo": a county's name is also a person's
    if ent.label_ in NAME_LABELS and ent.label_ not in PLACE_LABELS:
        # "captured in Chattanooga", "Mauritius" written in full: a place mislabelled.
        return inside or (
            entry.kind == "country" and trim(ent).text in (entry.name, *_country_forms(entry))
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
        _mark(ctx, key, span.start, span.end, False, entry.kind == "country", weight=0)


def _after_comma(ctx: DocContext, context: Counter[str]) -> None:
    """ "Fresno, Calif.", "New Quay, Ceredigion": the division (or country) written after a
    town the text has placed."""
    gaz = gazetteer()
    doc = ctx.doc
    for comma in ctx.table.where(ctx.table.lower_in([","])):
        i = comma + 1
        if comma < 1 or i >= len(doc) or not ctx.links.place[i - 2] or ctx.links.place[i]:
            continue
        if not doc[i].text[:1].isupper():
            continue
        for n in (3, 2, 1):
            span = doc[i : i + n]
            if len(span) < n or any(ctx.links.place[t.i] for t in span):
                continue
            entry = gaz.abbreviation(span.text) or gaz.lookup(span.text, context)
            if entry is None or not (entry.level or entry.kind == "country"):
                continue
            key = place_record(ctx, entry, written=span.text)
            _mark(ctx, key, span.start, span.end, locative=False, country=entry.kind == "country")
            break


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
