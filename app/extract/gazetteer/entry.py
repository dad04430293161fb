"""One gazetteer entry and the name key every look-up goes through."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from app.extract import knowledge


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
    admin1: str | None = None  # "AUS.04": the first-level division the place lies in
    level: int = 0  # divisions: 1 first-level (a state), 2 second-level (a county, a district)


_DROP = {ord(c): None for c in "'\u2018\u2019\u02bb\u02bc`\u00b4"}


@functools.lru_cache(maxsize=1 << 16)  # pure, and asked again for the same names
def fold(text: str) -> str:
    """ASCII-folded, case-folded, 'the'-less, possessive-less key: "Rafaḩ" -> "rafah", "the Gaza
    Strip" -> "gaza strip", "New Mexico's" -> "new mexico"."""
    t = text.strip()
    if t[-2:] in ("'s", "\u2019s"):
        t = t[:-2]
    t = unicodedata.normalize("NFKD", t.translate(_DROP))
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return knowledge.norm(t).replace("-", " ")
