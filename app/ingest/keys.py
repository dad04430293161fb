"""Natural keys that decide when two extracted records are the same database row."""

from __future__ import annotations

from app.extract.records import ActorRecord, PlaceRecord
from app.normalize import normalize_name


def actor_match_key(actor: ActorRecord) -> str:
    """States are one row per country and coded agents one row per code ("EGYSPY"); everything
    else by kind and full normalised name, so two people who share only a surname never merge."""
    if actor.kind == "state" and actor.country:
        return f"state:{actor.country}"
    if actor.kind == "agent" and actor.code:
        return f"agent:{actor.code}"
    return f"{actor.kind}:{normalize_name(actor.name)}"[:340]


def place_match_key(place: PlaceRecord) -> str:
    if place.geonames_id is not None:
        return f"gn:{place.geonames_id}"
    return f"name:{place.kind}:{normalize_name(place.name)}:{place.country or ''}"[:340]
