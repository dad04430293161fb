"""Write one article's extraction to the database.

The caller owns the transaction (one per article); everything here only flushes, so a
failure anywhere leaves nothing of the article behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from app.extract.records import Extraction
from app.ingest.bulk import Writes, is_postgres, next_ids
from app.ingest.rollup_rows import queue_counts
from app.ingest.store_entities import store_actors, store_affiliations, store_places
from app.ingest.store_prefetch import Prefetched, prefetch
from app.ingest.upsert import (
    insert_ignore,
    table_of,
)
from app.models import (
    Article,
    Event,
    EventDyad,
    EventParticipant,
    Mention,
    Statement,
)


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class StoreCounts:
    """What `write_records` wrote for one article."""

    events: int = 0
    actors: int = 0  # distinct actor rows its records point at
    statements: int = 0


@dataclass
class StoreResult:
    article_id: int
    duplicate: bool
    events: int = 0
    actors: int = 0
    statements: int = 0


class UrlConflict(Exception):
    """A different text is already stored under the same URL."""

    def __init__(self, url: str, article_id: int) -> None:
        super().__init__(f"url {url!r} is already stored as article {article_id} with other text")
        self.url = url
        self.article_id = article_id


def find_article_by_sha(session: Session, sha: str) -> int | None:
    return session.execute(
        select(Article.id).where(Article.content_sha256 == sha)
    ).scalar_one_or_none()


def store_extraction(
    session: Session, extraction: Extraction, writes: Writes | None = None
) -> StoreResult:
    """Insert the article and all its records; a text already stored is reported as duplicate.
    With `writes`, the records' writes are queued there for the caller to send (after adding
    its own), else sent here."""
    art = extraction.article
    sha = content_sha256(art.text)
    values = {
        "title": art.title,
        "source": art.source,
        "published": art.date,
        "language": "en",
        "text": art.text,
        "extractor_version": extraction.extractor_version,
    }
    pre = prefetch(session, extraction, sha, values) if is_postgres(session) else None
    if pre is not None and pre.article_id is not None:
        # Inserted: when its statement ran, no row held the text or URL (a row the earlier
        # read saw may have been deleted since), so the article is new whatever that read said.
        article_id: int | None = pre.article_id
    else:
        stored = pre.stored if pre is not None else _stored(session, sha, art.url)
        known = _known(stored, art.url)
        if known is not None:
            return known
        article_id = None
        if pre is None:
            row = {**values, "url": art.url, "content_sha256": sha}
            article_id = insert_ignore(session, Article, row, ["content_sha256"])
    if article_id is None:
        # A concurrent writer stored the same text (or URL) between our check and our insert.
        return _known(_stored(session, sha, art.url), art.url) or StoreResult(0, duplicate=True)
    counts = write_records(session, article_id, extraction, pre, writes)
    return StoreResult(
        article_id,
        duplicate=False,
        events=counts.events,
        actors=counts.actors,
        statements=counts.statements,
    )


def _stored(session: Session, sha: str, url: str | None) -> Sequence[tuple[int, bool]]:
    """(id, same text) of the stored articles with this text's hash or this URL."""
    same = Article.content_sha256 == sha
    where = or_(same, Article.url == url) if url else same
    return [(i, bool(s)) for i, s in session.execute(select(Article.id, same).where(where))]


def _known(stored: Sequence[tuple[int, bool]], url: str | None) -> StoreResult | None:
    """The text stored already (a duplicate), or None when nothing is; raises `UrlConflict`
    when only its URL is, with another text."""
    for stored_id, same_text in stored:
        if same_text:
            return StoreResult(stored_id, duplicate=True)
    if stored and url:
        raise UrlConflict(url, stored[0][0])
    return None


def write_records(
    session: Session,
    article_id: int,
    extraction: Extraction,
    pre: Prefetched | None = None,
    queue: Writes | None = None,
) -> StoreCounts:
    """Write every record of `extraction` for an article row that already exists (`pre`: the
    rows and ids `prefetch` read for it; `queue`: where to queue the writes, which the caller
    then sends, else they are sent here)."""
    text = extraction.article.text
    writes = Writes() if queue is None else queue
    actor_ids = store_actors(session, writes, extraction, pre.actors if pre else None)
    place_ids = store_places(session, extraction, pre.places if pre else None)
    places_by_key = {p.key: p for p in extraction.places}

    store_affiliations(writes, article_id, extraction, actor_ids)

    event_rows = []
    for ev in extraction.events:
        place = places_by_key.get(ev.place) if ev.place else None
        event_rows.append(
            {
                "article_id": article_id,
                "sentence_index": ev.sentence,
                "start": ev.start,
                "end": ev.end,
                "sentence_text": text[ev.start : ev.end],
                "trigger": ev.trigger[:300],
                "trigger_start": ev.trigger_start,
                "trigger_end": ev.trigger_end,
                "plover_type": ev.plover_type,
                "cameo_code": ev.cameo_code,
                "quad_class": ev.quad_class,
                "goldstein": ev.goldstein,
                "event_date": ev.date,
                "date_precision": ev.date_precision,
                "date_source": ev.date_source,
                "place_id": place_ids.get(ev.place) if ev.place else None,
                "place_source": ev.place_source if ev.place else None,
                "country": place.country if place else None,
                "lat": place.lat if place else None,
                "lon": place.lon if place else None,
                "negated": ev.negated,
                "hypothetical": ev.hypothetical,
                "confidence": max(0.0, min(1.0, ev.confidence)),
            }
        )
    event_ids = _insert_events(session, writes, event_rows, pre.event_ids if pre else None)
    if event_rows:
        participant_rows = []
        dyad_rows: list[dict[str, object]] = []
        for ev, event_id in zip(extraction.events, event_ids, strict=True):
            seen: set[tuple[int, str]] = set()
            for p in ev.participants:
                actor_id = actor_ids.get(p.actor)
                if actor_id is None or (actor_id, p.role) in seen:
                    continue
                seen.add((actor_id, p.role))
                participant_rows.append(
                    {
                        "event_id": event_id,
                        "actor_id": actor_id,
                        "role": p.role,
                        "event_date": ev.date,
                        "plover_type": ev.plover_type,
                    }
                )
            # Every source with every target, as /stats/dyads counts them.
            sources = [a for a, role in seen if role == "source"]
            targets = [a for a, role in seen if role == "target"]
            dyad_rows.extend(
                {
                    "event_id": event_id,
                    "source_id": s,
                    "target_id": t,
                    "event_date": ev.date,
                    "plover_type": ev.plover_type,
                }
                for s in sorted(sources)
                for t in sorted(targets)
            )
        writes.insert(table_of(EventParticipant), participant_rows)
        writes.insert(table_of(EventDyad), dyad_rows)
        queue_counts(writes, participant_rows, dyad_rows)

    statement_rows = [
        {
            "article_id": article_id,
            "speaker_id": actor_ids.get(st.speaker) if st.speaker else None,
            "text": st.text,
            "kind": st.kind,
            "cue": (st.cue or None) and st.cue[:64],
            "statement_date": st.date or extraction.article.date,
            "sentence_index": st.sentence,
            "start": st.start,
            "end": st.end,
            "speaker_start": st.speaker_start,
            "speaker_end": st.speaker_end,
            "speaker_text": (st.speaker_text or None) and st.speaker_text[:300],
            "event_id": _event_id(event_ids, st.event_id),
        }
        for st in extraction.statements
    ]
    writes.insert(table_of(Statement), statement_rows)

    mention_rows = []
    for m in extraction.mentions:
        actor_id = actor_ids.get(m.entity) if m.entity_type == "actor" else None
        place_id = place_ids.get(m.entity) if m.entity_type == "place" else None
        if actor_id is None and place_id is None:
            continue
        mention_rows.append(
            {
                "article_id": article_id,
                "actor_id": actor_id,
                "place_id": place_id,
                "sentence_index": m.sentence,
                "start": m.start,
                "end": m.end,
                "text": m.text[:500],
            }
        )
    writes.insert(table_of(Mention), mention_rows)
    if queue is None:
        writes.send(session)
    return StoreCounts(
        events=len(event_rows),
        actors=len(set(actor_ids.values())),
        statements=len(statement_rows),
    )


def _insert_events(
    session: Session, writes: Writes, rows: list[dict[str, object]], ids: list[int] | None
) -> Sequence[int]:
    """The events' ids, in order. PostgreSQL: taken from the sequence (`ids`, when read
    already), the rows queued with the article's other writes; SQLite: inserted now, ids read
    back."""
    table = table_of(Event)
    if not rows:
        return []
    if is_postgres(session):
        ids = ids if ids is not None else next_ids(session, table, len(rows))
        writes.insert(table, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return session.execute(stmt, rows).scalars().all()


def _event_id(event_ids: Sequence[int], index: int | None) -> int | None:
    """Database id of the event a statement links to (an index into the extraction's events)."""
    if index is None or not 0 <= index < len(event_ids):
        return None
    return event_ids[index]
