"""Re-extract stored articles and replace their records atomically, article by article.

Actors and places that the new records still name keep their ids (they are matched by natural
key before anything unreferenced is pruned); those no record references any more are removed."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from app.extract import EXTRACTOR_VERSION
from app.extract.pool import ExtractionPool, Failed
from app.extract.records import ArticleInput, Extraction
from app.ingest.extraction import shared_pool
from app.ingest.prune import delete_records, prune_orphans, referenced_entities
from app.ingest.store import StoreCounts, write_records
from app.models import Article


@dataclass
class ReprocessSummary:
    reprocessed: int = 0
    events: int = 0
    statements: int = 0
    actors_removed: int = 0
    places_removed: int = 0
    vanished: int = 0  # deleted by someone else while we extracted
    failed: int = 0  # refused by the extraction pool: old records kept
    errors: list[str] = field(default_factory=list)


def select_article_ids(session: Session, *, outdated_only: bool) -> list[int]:
    stmt = select(Article.id).order_by(Article.id)
    if outdated_only:
        stmt = stmt.where(Article.extractor_version != EXTRACTOR_VERSION)
    return list(session.execute(stmt).scalars())


def replace_records(
    session: Session, article_id: int, extraction: Extraction
) -> tuple[StoreCounts, tuple[int, int]]:
    """Swap the article's records for `extraction`'s in the caller's transaction."""
    actors, places = referenced_entities(session, article_id)
    delete_records(session, article_id)
    session.flush()
    counts = write_records(session, article_id, extraction)
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(extractor_version=extraction.extractor_version)
    )
    removed = prune_orphans(session, actors, places)
    return counts, removed


def _load(factory: sessionmaker[Session], ids: list[int]) -> list[tuple[int, ArticleInput]]:
    with factory() as session:
        rows = session.execute(
            select(Article).where(Article.id.in_(ids)).order_by(Article.id)
        ).scalars()
        return [
            (
                a.id,
                ArticleInput(
                    text=a.text, date=a.published, title=a.title, url=a.url, source=a.source
                ),
            )
            for a in rows
        ]


def reprocess(
    factory: sessionmaker[Session],
    article_ids: list[int],
    *,
    pool: ExtractionPool | None = None,
    batch_size: int = 16,
    on_article: Callable[[int], None] | None = None,
) -> ReprocessSummary:
    """Re-extract each article in `pool` (default: the shared one) and swap its records; an
    article the pool refuses (over budget, extractor error) keeps its old records and counts as
    failed."""
    summary = ReprocessSummary()
    pool = pool or shared_pool()

    def batches() -> Iterator[tuple[list[int], list[ArticleInput]]]:
        it = iter(article_ids)
        while chunk := list(itertools.islice(it, batch_size)):
            loaded = _load(factory, chunk)
            yield [i for i, _ in loaded], [a for _, a in loaded]
            summary.vanished += len(chunk) - len(loaded)

    for ids, results in pool.imap(batches()):
        for article_id, extraction in zip(ids, results, strict=True):
            if isinstance(extraction, Failed):
                summary.failed += 1
                summary.errors.append(f"article {article_id}: {extraction.reason}")
                continue
            with factory.begin() as session:
                if session.get(Article, article_id) is None:
                    summary.vanished += 1
                    continue
                counts, (actors_removed, places_removed) = replace_records(
                    session, article_id, extraction
                )
            summary.reprocessed += 1
            summary.events += counts.events
            summary.statements += counts.statements
            summary.actors_removed += actors_removed
            summary.places_removed += places_removed
            if on_article:
                on_article(article_id)
    return summary
