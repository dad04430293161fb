"""Ingestion service: readers → extraction (in the pool's worker processes, within budgets) → one
writer that stores every article in its own transaction. A crash loses at most the article being
written, and never half of one; running the same input again skips what is stored
(content_sha256). No database connection is held while an article is extracted."""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.extract.pool import ExtractionPool, Failed, Result
from app.extract.records import ArticleInput, Extraction
from app.ingest import metrics
from app.ingest.bulk import Writes
from app.ingest.extraction import shared_pool
from app.ingest.readers import ReadItem
from app.ingest.store import (
    StoreResult,
    UrlConflict,
    content_sha256,
    find_article_by_sha,
    store_extraction,
)
from app.models import Article

log = logging.getLogger("dyad.ingest")


@dataclass
class Outcome:
    """What happened to one input record."""

    where: str
    article_id: int | None = None
    duplicate: bool = False
    reason: str | None = None  # why the record was refused or failed; None when it was not
    record: int | None = None  # the record's number in its ingest job (`ReadItem.record`)
    events: int = 0
    actors: int = 0
    statements: int = 0
    ref: str | None = None  # the caller's own id for the record, echoed back

    @property
    def error(self) -> str | None:
        """ "file:line: reason" (or "record N: reason") when the record was refused or failed."""
        return None if self.reason is None else f"{self.where}: {self.reason}"


@dataclass
class IngestSummary:
    ingested: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    actors: int = 0
    statements: int = 0
    stopped: bool = False  # --strict stopped at the first failure
    errors: list[str] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.failed += 1
            self.errors.append(outcome.error)
            metrics.INGEST_ERRORS.inc()
        elif outcome.duplicate:
            self.duplicates += 1
            metrics.ARTICLE_DUPLICATES.inc()
        else:
            self.ingested += 1
            self.events += outcome.events
            self.actors += outcome.actors
            self.statements += outcome.statements
            metrics.ARTICLES_INGESTED.inc()
            metrics.EVENTS_INGESTED.inc(outcome.events)


def ingest_article(
    factory: sessionmaker[Session], article: ArticleInput, pool: ExtractionPool
) -> StoreResult:
    """Extract and store one article: a short read skips a text already stored, extraction runs
    with no connection checked out, then one transaction (owned here) stores everything.
    Raises `ExtractionFailed` (over budget, extractor error) with nothing stored."""
    with factory() as session:
        existing = find_article_by_sha(session, content_sha256(article.text))
    if existing is not None:
        return StoreResult(existing, duplicate=True)
    extraction = pool.extract(article)
    with factory.begin() as session:
        return store_extraction(session, extraction)


@dataclass
class _Batch:
    """Input records in order: settled before extraction (refused, known text) or to extract."""

    slots: list[Outcome | ReadItem]

    @property
    def fresh(self) -> list[ReadItem]:
        return [s for s in self.slots if isinstance(s, ReadItem)]


def _prepare(
    factory: sessionmaker[Session],
    items: Iterable[ReadItem],
    batch_size: int,
    strict: bool,
    summary: IngestSummary,
) -> Iterator[_Batch]:
    """Group records into batches, settling bad records and known texts without extracting them."""
    seen: set[str] = set()  # texts already queued in this run
    it = iter(items)
    while chunk := list(itertools.islice(it, batch_size)):
        shas = [content_sha256(i.article.text) if i.article else "" for i in chunk]
        with factory() as session:
            stored = dict(
                session.execute(
                    select(Article.content_sha256, Article.id).where(
                        Article.content_sha256.in_(set(shas) - {""})
                    )
                ).all()
            )
        batch = _Batch([])
        for item, sha in zip(chunk, shas, strict=True):
            ref = item.article.id if item.article else None
            if item.error is not None:
                batch.slots.append(
                    Outcome(item.where, reason=item.error.reason, record=item.record)
                )
                if strict:
                    summary.stopped = True
                    break
            elif sha in stored:
                batch.slots.append(
                    Outcome(
                        item.where,
                        article_id=stored[sha],
                        duplicate=True,
                        ref=ref,
                        record=item.record,
                    )
                )
            elif sha in seen:
                batch.slots.append(Outcome(item.where, duplicate=True, ref=ref, record=item.record))
            else:
                seen.add(sha)
                batch.slots.append(item)
        yield batch
        if summary.stopped:
            return


# Queues an article's bookkeeping (a job's record of its outcome) on the `Writes` that carry the
# article's own rows: they are sent together, in its transaction (one round trip, not two).
OnStore = Callable[[Session, Writes, Outcome], None]


def store_one(
    factory: sessionmaker[Session],
    item: ReadItem,
    extraction: Extraction,
    on_store: OnStore | None = None,
) -> Outcome:
    """Store one article in its own transaction; `on_store` writes its bookkeeping in the same
    transaction (a job's record of the outcome), so the two commit or vanish together."""
    ref = item.article.id if item.article else None
    try:
        with factory.begin() as session:
            writes = Writes()
            result = store_extraction(session, extraction, writes)
            if on_store is not None:
                on_store(session, writes, _stored(item, result, ref))
            writes.send(session)
    except UrlConflict as exc:
        return Outcome(item.where, reason=str(exc), ref=ref, record=item.record)
    except (IntegrityError, DataError) as exc:
        # A record the schema refuses (or a URL raced in by another writer) costs this article
        # only; its transaction is rolled back whole.
        return Outcome(
            item.where,
            reason=f"could not store ({exc.orig.__class__.__name__})",
            ref=ref,
            record=item.record,
        )
    return _stored(item, result, ref)


def _settle(
    factory: sessionmaker[Session],
    item: ReadItem,
    result: Result,
    on_store: OnStore | None,
) -> Outcome:
    if isinstance(result, Failed):
        ref = item.article.id if item.article else None
        return Outcome(item.where, reason=result.reason, ref=ref, record=item.record)
    return store_one(factory, item, result, on_store)


def _stored(item: ReadItem, result: StoreResult, ref: str | None) -> Outcome:
    return Outcome(
        item.where,
        article_id=result.article_id,
        duplicate=result.duplicate,
        ref=ref,
        record=item.record,
        events=result.events,
        actors=result.actors,
        statements=result.statements,
    )


def ingest_items(
    factory: sessionmaker[Session],
    items: Iterable[ReadItem],
    *,
    pool: ExtractionPool | None = None,
    batch_size: int = 16,
    strict: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_store: OnStore | None = None,
) -> IngestSummary:
    """Store every readable article, each in its own transaction; report every record's fate.
    Extraction runs in `pool` (default: this process's shared pool); an article it refuses (over
    budget, extractor error) is that record's error."""
    summary = IngestSummary()
    pool = pool or shared_pool()

    def settle(outcome: Outcome) -> None:
        summary.add(outcome)
        if on_outcome:
            on_outcome(outcome)

    batches = (
        (b, [i.article for i in b.fresh if i.article])
        for b in _prepare(factory, items, batch_size, strict, summary)
    )
    for batch, results in pool.imap(batches):
        for outcome in _store_batch(factory, batch, results, on_store):
            settle(outcome)
            if strict and outcome.error:
                summary.stopped = True
                return summary
    return summary


def _store_batch(
    factory: sessionmaker[Session],
    batch: _Batch,
    results: list[Result],
    on_store: OnStore | None,
) -> Iterator[Outcome]:
    """The batch's outcomes in order, its fresh articles stored on one connection. A dropped
    connection (the server restarted, the backend was killed) is taken up once per batch on a
    new one, from the article it broke: that article's transaction was rolled back with the
    connection, so storing it again adds nothing twice (a commit lost on the way back reads as
    its text already stored). A second drop in the batch, or any other error, propagates."""
    extracted = iter(results)
    todo: deque[Outcome | tuple[ReadItem, Result]] = deque(
        slot if isinstance(slot, Outcome) else (slot, next(extracted)) for slot in batch.slots
    )
    retries = 1
    while todo:
        try:
            with one_connection(factory) as writer:
                while todo:
                    head = todo[0]
                    outcome = (
                        head if isinstance(head, Outcome) else _settle(writer, *head, on_store)
                    )
                    todo.popleft()
                    yield outcome
        except DBAPIError as exc:
            if not exc.connection_invalidated or retries == 0:
                raise
            retries -= 1
            log.warning("database connection dropped while storing a batch; taking it up again")


@contextmanager
def one_connection(factory: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    """`factory`'s sessions on one connection, checked out once for a batch of stores (each
    store still commits its own transaction): a checkout per article cost the pool's ping (a
    round trip) and ~7 % of the store's Python CPU. Taken once the batch is extracted, so no
    connection is held while an article is extracted."""
    bind = factory.kw.get("bind")
    if not isinstance(bind, Engine):  # already bound to a connection (tests)
        yield factory
        return
    with bind.connect() as connection:
        yield sessionmaker(class_=factory.class_, **{**factory.kw, "bind": connection})
