"""Natural keys that decide when two extracted records are the same database row."""

from __future__ import annotations

from app.extract.records import ActorRecord, PlaceRecord
from app.identity import actor_key, place_key


def actor_match_key(actor: ActorRecord) -> str:
    return actor_key(actor.kind, actor.name, actor.country, actor.code)


def place_match_key(place: PlaceRecord) -> str:
    return place_key(place.kind, place.name, place.country, place.geonames_id)
