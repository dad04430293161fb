"""Ingest jobs: a queue in the `ingest_jobs` table.

Any process that reaches the database can work the queue: a job is claimed with
`UPDATE … SET state='running' WHERE id=? AND state='queued'`, which exactly one claimant wins on
both SQLite and PostgreSQL. The API process runs one embedded worker thread (`JobWorker`); more
workers can run as `dyad worker` on other machines without any change here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.extract.pool import ExtractionPool
from app.ingest.article_records import RecordError, article_from_mapping
from app.ingest.job_records import add_records, job_lists
from app.ingest.readers import ReadItem, limit_size
from app.ingest.service import Outcome, ingest_items
from app.models import IngestJob, IngestRecord

log = logging.getLogger("dyad.jobs")


class InvalidJobBody(ValueError):
    pass


def parse_job_body(body: bytes, content_type: str) -> list[Any]:
    """A JSON array of article objects, or JSONL (one object per line).

    Each record is kept as posted; a JSONL line that is not JSON is kept as a string and
    reported as that record's error when the job runs, so one bad line costs one record."""
    stripped = body.lstrip()
    if stripped.startswith(b"[") and "jsonl" not in content_type and "ndjson" not in content_type:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise InvalidJobBody(f"body is not a JSON array ({exc.__class__.__name__})") from None
        if not isinstance(data, list):
            raise InvalidJobBody("body must be a JSON array of articles or JSONL")
        return data
    records: list[Any] = []
    for raw in body.split(b"\n"):
        if not raw.strip():
            continue
        try:
            records.append(json.loads(raw.decode("utf-8")))
        except UnicodeDecodeError:
            records.append("not UTF-8")
        except (ValueError, RecursionError) as exc:
            records.append(f"invalid JSON ({exc.__class__.__name__})")
    return records


def create_job(session: Session, records: list[Any]) -> IngestJob:
    job = IngestJob(
        id=str(uuid.uuid4()),
        state="queued",
        total=len(records),
        payload=records,
        errors=[],
        article_ids=[],
    )
    session.add(job)
    session.flush()
    return job


def claim_next(factory: sessionmaker[Session], stale_seconds: float) -> str | None:
    """Take the oldest queued job, or a running one whose worker stopped beating for
    `stale_seconds` (DYAD_JOB_STALE_SECONDS: it died), or None. Safe with any number of
    concurrent workers. Jobs split into broker batches are left to the broker, which
    redelivers a dead worker's batches itself."""
    now = dt.datetime.now(dt.UTC)
    stale = now - dt.timedelta(seconds=stale_seconds)
    claimable = (IngestJob.batches == 0) & (
        (IngestJob.state == "queued")
        | ((IngestJob.state == "running") & (IngestJob.heartbeat_at < stale))
    )
    with factory.begin() as session:
        candidates = session.execute(
            select(IngestJob.id, IngestJob.state)
            .where(claimable)
            .order_by(IngestJob.created_at, IngestJob.id)
            .limit(5)
        ).all()
        for job_id, state in candidates:
            if state == "running":
                log.warning("ingest job %s: its worker stopped beating; taking it up", job_id)
                _reset(session, job_id)
            claim = session.execute(
                update(IngestJob)
                .where(IngestJob.id == job_id, claimable)
                .values(state="running", started_at=now, heartbeat_at=now)
            )
            # The session types every result alike; an UPDATE's is a CursorResult with rowcount.
            if not isinstance(claim, CursorResult):  # pragma: no cover
                raise TypeError("an UPDATE returned no cursor result")
            if claim.rowcount == 1:
                return job_id
    return None


def job_items(records: list[Any], max_chars: int, start: int = 1) -> Iterator[ReadItem]:
    """A job's records as reader items named `record N` (N counted from `start`)."""
    for index, raw in enumerate(records, start):
        where = f"record {index}"
        if isinstance(raw, str):  # kept from parse_job_body: the line was unreadable
            yield ReadItem(where, error=RecordError(where, raw), record=index)
            continue
        try:
            item = ReadItem(where, article=article_from_mapping(raw, where), record=index)
        except RecordError as exc:
            item = ReadItem(where, error=exc, record=index)
        yield limit_size(item, max_chars)


class _Stopping(Exception):
    pass


def _reset(session: Session, job_id: str) -> None:
    """A running job back to queued with nothing settled (its record rows go too)."""
    reset = session.execute(
        update(IngestJob)
        .where(IngestJob.id == job_id, IngestJob.state == "running")
        .values(
            state="queued",
            started_at=None,
            heartbeat_at=None,
            done=0,
            ingested=0,
            duplicates=0,
            failed=0,
            errors=[],
            article_ids=[],
        )
        .returning(IngestJob.id)
    ).first()
    if reset is not None:
        session.execute(delete(IngestRecord).where(IngestRecord.job_id == job_id))


def requeue(factory: sessionmaker[Session], job_id: str) -> None:
    """Put a job back in the queue from scratch; records already stored will count as duplicates."""
    with factory.begin() as session:
        _reset(session, job_id)


def run_job(
    factory: sessionmaker[Session],
    job_id: str,
    *,
    max_chars: int,
    batch_size: int = 16,
    should_stop: Callable[[], bool] = lambda: False,
    pool: ExtractionPool | None = None,
) -> None:
    """Ingest a claimed job's records, publishing progress after every batch. When `should_stop`
    turns true (service shutting down) the job goes back to the queue for the next worker."""
    with factory() as session:
        records = session.execute(
            select(IngestJob.payload).where(IngestJob.id == job_id)
        ).scalar_one()
    pending: list[Outcome] = []
    state = {"done": 0, "ingested": 0, "duplicates": 0, "failed": 0}

    def publish(job_error: str | None = None, **final: Any) -> None:
        """Record the outcomes since the last call and the counters (work in proportion to
        those outcomes, not to the job's size); at the end, store the job's lists once."""
        counts = dict(state)
        for o in pending:
            counts["done"] += 1
            if o.reason is not None:
                counts["failed"] += 1
            else:
                counts["duplicates" if o.duplicate else "ingested"] += 1
        with factory.begin() as session:
            add_records(session, job_id, pending)
            values: dict[str, Any] = {**counts, "heartbeat_at": dt.datetime.now(dt.UTC), **final}
            if final:
                errors, articles = job_lists(session, job_id)
                if job_error is not None:
                    errors.append({"record": None, "reason": job_error})
                values.update(errors=errors, article_ids=articles)
            session.execute(update(IngestJob).where(IngestJob.id == job_id).values(**values))
        state.update(counts)  # only once written: a failed write is counted again, not twice
        pending.clear()

    def on_outcome(outcome: Outcome) -> None:
        pending.append(outcome)
        if len(pending) >= batch_size:
            publish()
        if should_stop():
            raise _Stopping

    try:
        ingest_items(
            factory,
            job_items(records, max_chars),
            pool=pool,
            batch_size=batch_size,
            on_outcome=on_outcome,
        )
    except _Stopping:
        log.info("ingest job %s interrupted by shutdown; requeued", job_id)
        requeue(factory, job_id)
        return
    except Exception as exc:
        log.exception("ingest job %s failed", job_id)
        publish(
            f"job failed: {exc.__class__.__name__}",
            state="failed",
            finished_at=dt.datetime.now(dt.UTC),
        )
        return
    publish(state="succeeded", finished_at=dt.datetime.now(dt.UTC))


class JobWorker(threading.Thread):
    """Claims and runs queued jobs until stopped; `wake()` skips the idle wait."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        poll_seconds: float,
        stale_seconds: float,
        max_chars: int,
        batch_size: int,
        pool: ExtractionPool | None = None,
    ) -> None:
        super().__init__(name="dyad-job-worker", daemon=True)
        self.pool = pool
        self.stale_seconds = stale_seconds
        self.factory = factory
        self.poll_seconds = poll_seconds
        self.max_chars = max_chars
        self.batch_size = batch_size
        self._stop_event = threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop_event.set()
        self._wake.set()
        self.join(timeout)

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                job_id = claim_next(self.factory, self.stale_seconds)
            except Exception as exc:  # noqa: BLE001 - database down: keep polling
                log.warning("job queue unavailable: %s", exc.__class__.__name__)
                job_id = None
            if job_id is not None:
                log.info("running ingest job %s", job_id, extra={"job_id": job_id})
                run_job(
                    self.factory,
                    job_id,
                    max_chars=self.max_chars,
                    batch_size=self.batch_size,
                    should_stop=self._stop_event.is_set,
                    pool=self.pool,
                )
                continue
            self._wake.wait(self.poll_seconds)
            self._wake.clear()
