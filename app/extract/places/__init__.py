"""Finding places in an article: place entities and datelines, geocoded with the whole article
as context (`step`); the records and token links (`registry`); where a place stands in the story
(`location`).

The gazetteer itself lives in `app.extract.gazetteer`; `gazetteer`, `GazetteerEntry` and `fold`
are re-exported here for the modules that look names up.
"""

from app.extract.gazetteer import GazetteerEntry, fold, gazetteer
from app.extract.places.location import dominant_place, is_broad, is_locative
from app.extract.places.step import find_places

__all__ = [
    "GazetteerEntry",
    "dominant_place",
    "find_places",
    "fold",
    "gazetteer",
    "is_broad",
    "is_locative",
]
