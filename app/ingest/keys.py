"""Natural keys that decide when two extracted records are the same database row."""

from __future__ import annotations

from functools import lru_cache

from app.extract.records import ActorRecord, PlaceRecord
from app.identity import actor_key, normalize_name, place_key

# The same few hundred names come back article after article, and normalising one (NFKC, NFKD,
# look-alike folding, two regexes) was ~10 % of the store's Python CPU: the keys are pure
# functions of their arguments, so each is worked out once per process (bounded caches).
_actor_key = lru_cache(maxsize=65536)(actor_key)
_place_key = lru_cache(maxsize=65536)(place_key)
alias_key = lru_cache(maxsize=65536)(normalize_name)


def actor_match_key(actor: ActorRecord) -> str:
    return _actor_key(actor.kind, actor.name, actor.country, actor.code)


def place_match_key(place: PlaceRecord) -> str:
    return _place_key(place.kind, place.name, place.country, place.geonames_id)
