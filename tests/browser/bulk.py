"""Many events for the dashboard's load test, made in bulk (no extraction) by cloning one really
extracted article: each copy keeps the text, mentions and events with their real spans, and gets
its own date, and each of its events, repeated, its own day (2015-2019) and located place."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import Article, Event, EventDyad, EventParticipant, Mention, Place, Statement

EVENT_COLUMNS = [
    "sentence_index",
    "start",
    "end",
    "sentence_text",
    "trigger",
    "trigger_start",
    "trigger_end",
    "plover_type",
    "cameo_code",
    "quad_class",
    "goldstein",
    "negated",
    "hypothetical",
    "confidence",
    "date_precision",
]
MENTION_COLUMNS = ["actor_id", "place_id", "sentence_index", "start", "end", "text"]
STATEMENT_COLUMNS = ["speaker_id", "text", "kind", "cue", "sentence_index", "start", "end"]
ARTICLE_COLUMNS = ["title", "source", "language", "text", "extractor_version"]


def _copy(row: Any, columns: list[str]) -> dict[str, Any]:
    return {c: getattr(row, c) for c in columns}


def clone_article(session: Session, article_id: int, events: int, seed: int = 12) -> None:
    """Copies of article `article_id` until about `events` events were added."""
    rng = random.Random(seed)
    original = session.get(Article, article_id)
    assert original is not None
    originals = session.execute(select(Event).where(Event.article_id == article_id)).scalars().all()
    mentions = session.execute(select(Mention).where(Mention.article_id == article_id)).scalars()
    mention_rows = [_copy(m, MENTION_COLUMNS) for m in mentions]
    said = session.execute(select(Statement).where(Statement.article_id == article_id)).scalars()
    statement_rows = [_copy(s, STATEMENT_COLUMNS) for s in said]
    places = session.execute(select(Place).where(Place.lat.is_not(None))).scalars().all()
    roles: dict[int, list[tuple[int, str]]] = {}
    for p in session.execute(
        select(EventParticipant).where(EventParticipant.event_id.in_([e.id for e in originals]))
    ).scalars():
        roles.setdefault(p.event_id, []).append((p.actor_id, p.role))
    # Few article copies, each holding its events many times over on other days and places:
    # the mention rows (for highlighting) stay few while the event count grows.
    copies = 40
    repeats = max(1, -(-events // (copies * max(1, len(originals)))))
    published = [
        dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365)) for _ in range(copies)
    ]
    ids = session.execute(
        insert(Article).returning(Article.id, sort_by_parameter_order=True),
        [
            {
                **_copy(original, ARTICLE_COLUMNS),
                "url": None,
                "published": day,
                "content_sha256": hashlib.sha256(f"{original.id}-{i}".encode()).hexdigest(),
            }
            for i, day in enumerate(published)
        ],
    ).scalars()
    article_ids = list(ids)
    # RETURNING makes SQLAlchemy batch the rows into multi-row INSERTs on PostgreSQL too
    # (a plain executemany is one round trip per row there).
    session.execute(
        insert(Mention).returning(Mention.id),
        [{**m, "article_id": a} for a in article_ids for m in mention_rows],
    )
    session.execute(
        insert(Statement).returning(Statement.id),
        [
            {**s, "article_id": a, "statement_date": day}
            for a, day in zip(article_ids, published, strict=True)
            for s in statement_rows
        ],
    )
    for article in article_ids:
        event_rows, sources = [], []
        for _ in range(repeats):
            for e in originals:
                place = rng.choice(places)
                day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
                event_rows.append(
                    {
                        **_copy(e, EVENT_COLUMNS),
                        "article_id": article,
                        "event_date": day,
                        "place_id": place.id,
                        "country": place.country,
                        "lat": place.lat,
                        "lon": place.lon,
                    }
                )
                sources.append((e.id, day, e.plover_type))
        new_ids = session.execute(
            insert(Event).returning(Event.id, sort_by_parameter_order=True), event_rows
        ).scalars()
        made = list(zip(list(new_ids), sources, strict=True))
        parts = [
            {
                "event_id": new,
                "actor_id": actor,
                "role": role,
                "event_date": day,
                "plover_type": kind,
            }
            for new, (old, day, kind) in made
            for actor, role in roles.get(old, [])
        ]
        if parts:
            session.execute(insert(EventParticipant).returning(EventParticipant.id), parts)
        # The copied event's source -> target pairs, as app/ingest/store.py writes them.
        dyads = [
            {
                "event_id": new,
                "source_id": s,
                "target_id": t,
                "event_date": day,
                "plover_type": kind,
            }
            for new, (old, day, kind) in made
            for s, s_role in roles.get(old, [])
            if s_role == "source"
            for t, t_role in roles.get(old, [])
            if t_role == "target"
        ]
        if dyads:
            session.execute(insert(EventDyad), dyads)
    session.commit()
