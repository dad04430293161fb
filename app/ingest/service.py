"""Ingestion service: extraction plus storage, one transaction per article."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from app.extract import extract_many
from app.extract.records import ArticleInput
from app.ingest.readers import ReadItem
from app.ingest.store import StoreResult, UrlConflict, content_sha256, find_article_by_sha, store_extraction


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    actors: int = 0
    statements: int = 0
    errors: list[str] = field(default_factory=list)


def ingest_article(session: Session, article: ArticleInput) -> StoreResult:
    """Extract and store one article in the caller's transaction (the caller commits)."""
    existing = find_article_by_sha(session, content_sha256(article.text))
    if existing is not None:
        return StoreResult(existing, duplicate=True)
    extraction = next(extract_many([article]))
    return store_extraction(session, extraction)


def ingest_items(
    factory: sessionmaker[Session],
    items: Iterable[ReadItem],
    *,
    n_process: int = 1,
    on_result: Callable[[ReadItem, StoreResult | None], None] | None = None,
) -> IngestSummary:
    """Store every readable article, each in its own transaction; report bad records."""
    summary = IngestSummary()
    pending: list[ReadItem] = []

    def fresh_articles() -> Iterator[ArticleInput]:
        for item in items:
            if item.error is not None:
                summary.failed += 1
                summary.errors.append(str(item.error))
                if on_result:
                    on_result(item, None)
                continue
            assert item.article is not None
            with factory() as session:
                dup = find_article_by_sha(session, content_sha256(item.article.text))
            if dup is not None:
                summary.duplicates += 1
                if on_result:
                    on_result(item, StoreResult(dup, duplicate=True))
                continue
            pending.append(item)
            yield item.article

    for extraction in extract_many(fresh_articles(), n_process=n_process):
        item = pending.pop(0)
        try:
            with factory.begin() as session:
                result = store_extraction(session, extraction)
        except UrlConflict as exc:
            summary.failed += 1
            summary.errors.append(f"{item.where}: {exc}")
            if on_result:
                on_result(item, None)
            continue
        if result.duplicate:
            summary.duplicates += 1
        else:
            summary.ingested += 1
            summary.events += result.events
            summary.actors += result.actors
            summary.statements += result.statements
        if on_result:
            on_result(item, result)
    return summary
