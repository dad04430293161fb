"""Write an article's actors (with aliases and affiliations) and places: the rows its events,
statements and mentions point at, matched to rows already stored so each is kept once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.extract.records import Extraction, PlaceRecord
from app.ingest.bulk import Writes
from app.ingest.keys import actor_match_key, alias_key, place_match_key
from app.ingest.upsert import get_or_insert_id, get_or_insert_ids, ids_by_key, table_of
from app.models import Actor, ActorAffiliation, ActorAlias, Place


def store_actors(
    session: Session, writes: Writes, extraction: Extraction, known: dict[str, int] | None = None
) -> dict[str, int]:
    """Actor ids by extraction key: a few set-based statements, not a round trip per actor
    (`known`: the stored ids of its match keys, when read already)."""
    rows: dict[str, dict[str, object]] = {}
    key_of: dict[str, str] = {}
    for actor in extraction.actors:
        match = actor_match_key(actor)
        key_of[actor.key] = match
        rows.setdefault(
            match,
            {
                "match_key": match,
                "name": actor.name[:300],
                "kind": actor.kind,
                "country": actor.country,
                "code": actor.code,
                "description": actor.description,
            },
        )
    by_match = get_or_insert_ids(session, Actor, list(rows.values()), "match_key", known)
    ids = {key: by_match[match] for key, match in key_of.items()}
    aliases: dict[tuple[str, int], dict[str, object]] = {}
    for actor in extraction.actors:
        actor_id = ids[actor.key]
        for alias in sorted({actor.name, *actor.aliases}):
            norm = alias_key(alias)[:300]
            if norm:
                aliases.setdefault(
                    (norm, actor_id),
                    {"actor_id": actor_id, "alias": alias[:300], "normalized": norm},
                )
    # Sorted, so concurrent writers adding aliases to the same actors take row locks in one order.
    writes.insert(
        table_of(ActorAlias),
        [aliases[k] for k in sorted(aliases)],
        conflict=["normalized", "actor_id"],
    )
    return ids


def store_affiliations(
    writes: Writes, article_id: int, extraction: Extraction, actor_ids: dict[str, int]
) -> None:
    """Person-organisation links between stored actors; a link seen before gets this article as
    its latest."""
    links = set()
    for aff in extraction.affiliations:
        person, org = actor_ids.get(aff.person), actor_ids.get(aff.organization)
        if person is not None and org is not None and person != org:
            links.add((person, org, (aff.role or "")[:300]))
    # Sorted, so concurrent writers touch shared affiliation rows in one order (no deadlock).
    writes.insert(
        table_of(ActorAffiliation),
        [
            {
                "person_id": person,
                "organization_id": org,
                "role": role,
                "first_article_id": article_id,
                "last_article_id": article_id,
            }
            for person, org, role in sorted(links)
        ],
        conflict=["person_id", "organization_id", "role"],
        update=["last_article_id"],
    )


def store_places(
    session: Session, extraction: Extraction, known: dict[str, int] | None = None
) -> dict[str, int]:
    """Place ids by extraction key, containers first so each row can point at its parent
    (`known`: the stored ids of its match keys, when read already)."""
    by_key = {p.key: p for p in extraction.places}
    # Most places are stored already: one lookup settles them, whatever their containers.
    match = {key: place_match_key(p) for key, p in by_key.items()}
    if known is None:
        known = ids_by_key(session, Place, "match_key", sorted(set(match.values())))
    ids = {key: known[m] for key, m in match.items() if m in known}
    pending = {key: p for key, p in by_key.items() if key not in ids}
    for _ in range(8):  # containment chains are short; the bound guards against cycles
        ready = [
            p
            for p in pending.values()
            if not p.parent or p.parent not in pending or p.parent == p.key
        ]
        if not ready:
            break
        rows: dict[str, dict[str, object]] = {}
        for place in ready:
            parent = ids.get(place.parent) if place.parent and place.parent != place.key else None
            rows.setdefault(place_match_key(place), _place_row(place, parent))
        found = get_or_insert_ids(session, Place, list(rows.values()), "match_key")
        for place in ready:
            ids[place.key] = found[place_match_key(place)]
            del pending[place.key]
    for place in pending.values():  # a parent cycle: store without a parent
        ids[place.key] = get_or_insert_id(session, Place, _place_row(place, None), "match_key")
    return ids


def _place_row(place: PlaceRecord, parent_id: int | None) -> dict[str, object]:
    return {
        "match_key": place_match_key(place),
        "name": place.name[:300],
        "kind": place.kind,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
        "parent_id": parent_id,
    }
