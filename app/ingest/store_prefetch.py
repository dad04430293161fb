"""On PostgreSQL, the reads an article's store starts with, sent together as one pipeline: is
its text (or its URL) stored already, which of its actors and places are, and ids for its
events from the sequence. They were four round trips, each through the ORM's execute."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.extract.records import Extraction
from app.ingest.bulk import fetch
from app.ingest.keys import actor_match_key, place_match_key
from app.ingest.upsert import any_lookup, table_of
from app.models import Actor, Article, Event, Place


@dataclass
class Prefetched:
    stored: list[tuple[int, bool]]  # (article id, same text) of rows with the text's hash or URL
    actors: dict[str, int] = field(default_factory=dict)  # stored actor ids by match key
    places: dict[str, int] = field(default_factory=dict)  # stored place ids by match key
    event_ids: list[int] = field(default_factory=list)  # one fresh id per event, in order


@cache
def _statements() -> tuple[Select[Any], Select[Any], Select[Any], Select[Any]]:
    """Built once, so each is compiled once (bulk compiles per statement object)."""
    a = table_of(Article)
    same = a.c.content_sha256 == bindparam("sha", type_=a.c.content_sha256.type)
    stored = select(a.c.id, same).where(or_(same, a.c.url == bindparam("url", type_=a.c.url.type)))
    events = table_of(Event)
    ids = select(func.nextval(func.pg_get_serial_sequence(events.name, "id"))).select_from(
        func.generate_series(1, bindparam("n", type_=Integer))
    )
    actors = any_lookup(table_of(Actor), "match_key")
    places = any_lookup(table_of(Place), "match_key")
    return stored, actors, places, ids


def prefetch(session: Session, extraction: Extraction, sha: str) -> Prefetched:
    stored, actors, places, ids = _statements()
    art = extraction.article
    actor_keys = sorted({actor_match_key(a) for a in extraction.actors})
    place_keys = sorted({place_match_key(p) for p in extraction.places})
    rows = fetch(
        session,
        [
            (stored, {"sha": sha, "url": art.url}),
            (actors, {"keys": actor_keys}),
            (places, {"keys": place_keys}),
            (ids, {"n": len(extraction.events)}),
        ],
    )
    return Prefetched(
        stored=[(int(i), bool(s)) for i, s in rows[0]],
        actors={k: int(i) for k, i in rows[1]},
        places={k: int(i) for k, i in rows[2]},
        event_ids=[int(i) for (i,) in rows[3]],
    )
