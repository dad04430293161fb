"""Many events for the dashboard's load test, made in bulk (no extraction) by cloning one really
extracted article: each copy keeps the text, mentions and events with their real spans, and gets
its own date (2015-2019) and, per event, a located place."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import Article, Event, EventParticipant, Mention, Place, Statement

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
    copies = max(1, events // max(1, len(originals)))
    for batch in range(0, copies, 100):
        days = [
            dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(5 * 365))
            for _ in range(min(100, copies - batch))
        ]
        articles = [
            {
                **_copy(original, ARTICLE_COLUMNS),
                "url": None,
                "published": day,
                "content_sha256": hashlib.sha256(f"{original.id}-{batch + i}".encode()).hexdigest(),
            }
            for i, day in enumerate(days)
        ]
        ids = session.execute(
            insert(Article).returning(Article.id, sort_by_parameter_order=True), articles
        ).scalars()
        event_rows, sources, mention_copies, statement_copies = [], [], [], []
        for new_article, day in zip(list(ids), days):
            mention_copies += [{**m, "article_id": new_article} for m in mention_rows]
            statement_copies += [
                {**s, "article_id": new_article, "statement_date": day} for s in statement_rows
            ]
            for e in originals:
                place = rng.choice(places)
                event_rows.append(
                    {
                        **_copy(e, EVENT_COLUMNS),
                        "article_id": new_article,
                        "event_date": day,
                        "place_id": place.id,
                        "country": place.country,
                        "lat": place.lat,
                        "lon": place.lon,
                    }
                )
                sources.append((e.id, day))
        if mention_copies:
            session.execute(insert(Mention), mention_copies)
        if statement_copies:
            session.execute(insert(Statement), statement_copies)
        new_ids = session.execute(
            insert(Event).returning(Event.id, sort_by_parameter_order=True), event_rows
        ).scalars()
        parts = [
            {"event_id": new, "actor_id": actor, "role": role, "event_date": day}
            for new, (old, day) in zip(list(new_ids), sources)
            for actor, role in roles.get(old, [])
        ]
        if parts:
            session.execute(insert(EventParticipant), parts)
    session.commit()
