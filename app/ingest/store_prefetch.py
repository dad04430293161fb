"""On PostgreSQL, the statements an article's store starts with, sent together as one pipeline:
is its text (or its URL) stored already, the article's own row inserted unless it is, which of
its actors and places are stored, and ids for its events from the sequence. They were five round
trips, each through the ORM's execute."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Insert, Integer, Select, bindparam, exists, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from app.extract.records import Extraction
from app.ingest.bulk import fetch
from app.ingest.keys import actor_match_key, place_match_key
from app.ingest.upsert import any_lookup, table_of
from app.models import Actor, Article, Event, Place


@dataclass
class Prefetched:
    stored: list[tuple[int, bool]]  # (article id, same text) of rows with the text's hash or URL
    article_id: int | None = None  # the row inserted; None when one was stored (or raced in)
    actors: dict[str, int] = field(default_factory=dict)  # stored actor ids by match key
    places: dict[str, int] = field(default_factory=dict)  # stored place ids by match key
    event_ids: list[int] = field(default_factory=list)  # one fresh id per event, in order


@cache
def _statements() -> tuple[Select[Any], Insert, Select[Any], Select[Any], Select[Any]]:
    """Built once, so each is compiled once (bulk compiles per statement object)."""
    a = table_of(Article)
    same = a.c.content_sha256 == bindparam("sha", type_=a.c.content_sha256.type)
    by_url = a.c.url == bindparam("url", type_=a.c.url.type)
    stored = select(a.c.id, same).where(or_(same, by_url))
    # The row goes in only when neither its text nor its URL is stored: a duplicate or a URL
    # conflict leaves nothing to roll back, as when the check and the insert were two steps.
    columns = ["url", "title", "source", "published", "language", "text", "extractor_version"]
    values = select(
        *(by_url.right if c == "url" else bindparam(c, type_=a.c[c].type) for c in columns),
        same.right,
    ).where(~exists().where(or_(same, by_url)))
    article = (
        pg_insert(a)
        .from_select([*columns, "content_sha256"], values, include_defaults=False)
        .on_conflict_do_nothing(index_elements=["content_sha256"])
        .returning(a.c.id)
    )
    events = table_of(Event)
    ids = select(func.nextval(func.pg_get_serial_sequence(events.name, "id"))).select_from(
        func.generate_series(1, bindparam("n", type_=Integer))
    )
    actors = any_lookup(table_of(Actor), "match_key")
    places = any_lookup(table_of(Place), "match_key")
    return stored, article, actors, places, ids


def prefetch(
    session: Session, extraction: Extraction, sha: str, article: dict[str, Any]
) -> Prefetched:
    """`article`: the article row's title, source, published, language, text and
    extractor_version (its URL and hash come from `extraction` and `sha`)."""
    stored, insert, actors, places, ids = _statements()
    actor_keys = sorted({actor_match_key(a) for a in extraction.actors})
    place_keys = sorted({place_match_key(p) for p in extraction.places})
    url = extraction.article.url
    rows = fetch(
        session,
        [
            (stored, {"sha": sha, "url": url}),
            (insert, {**article, "sha": sha, "url": url}),
            (actors, {"keys": actor_keys}),
            (places, {"keys": place_keys}),
            (ids, {"n": len(extraction.events)}),
        ],
    )
    return Prefetched(
        stored=[(int(i), bool(s)) for i, s in rows[0]],
        article_id=int(rows[1][0][0]) if rows[1] else None,
        actors={k: int(i) for k, i in rows[2]},
        places={k: int(i) for k, i in rows[3]},
        event_ids=[int(i) for (i,) in rows[4]],
    )
