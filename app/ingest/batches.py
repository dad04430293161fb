"""Ingest jobs split into batches of records, for workers that a broker feeds.

A job is cut into `ingest_job_batches` rows (each holds its own records); whichever worker gets a
batch's message runs `run_batch`. Every settled record gets an `ingest_job_records` row, written
in the same transaction as its article, so a batch delivered again (its worker died before the
acknowledgement) skips what is settled: the job's counts come out exact, nothing is stored twice.
A settled batch adds its own rows to the job's counters under a lock on the job row, so two
workers finishing batches of one job at once cannot overwrite each other's progress; the job's
error and article lists are read from the rows (while it runs) and stored once, when it ends.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.extract.pool import ExtractionPool
from app.ingest.bulk import Writes
from app.ingest.job_records import RECORD_KEYS, add_records, job_lists, queue_records
from app.ingest.jobs import job_items
from app.ingest.service import Outcome, ingest_items
from app.ingest.upsert import insert_many_ignore
from app.models import IngestBatch, IngestJob, IngestRecord
from app.vocab import BATCH_SETTLED


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def create_batched_job(session: Session, records: list[Any], batch_size: int) -> IngestJob:
    """A queued job whose records are split into batches of `batch_size` (the caller commits,
    then sends one message per batch)."""
    from app.ingest.jobs import create_job

    job = create_job(session, [])
    job.total = len(records)
    start = 0
    sizes = batch_sizes(len(records), batch_size)
    for number, size in enumerate(sizes, 1):
        session.add(
            IngestBatch(
                job_id=job.id,
                batch=number,
                first=start + 1,
                last=start + size,
                payload=records[start : start + size],
                state="queued",
                attempts=0,
            )
        )
        start += size
    job.batches = len(sizes)
    session.flush()
    return job


def batch_sizes(total: int, batch_size: int) -> list[int]:
    """How many records each batch of a job holds: `batch_size`, but smaller at the end.

    The queue hands batches out in order and a worker process holds two at a time, so when the
    queue runs dry one process may still have two full batches to extract while the others have
    nothing left: with batches of 8 VOA articles, an idle second core for up to 16 articles'
    extraction at the end of every job. The job's last batches are therefore halved and halved
    again (8 -> 4, 4, 2, 2), two of each size, largest first, never below 2 articles (one text
    per `nlp.pipe` costs more per article); a job shorter than two full batches before that
    tail keeps plain batches (its batches are few; splitting them only adds bookkeeping)."""
    tail: list[int] = []
    size = batch_size // 2
    while size >= 2:
        tail += [size, size]
        size //= 2
    if total - sum(tail) < 2 * batch_size:
        tail = []
    head = total - sum(tail)
    full, rest = divmod(head, batch_size)
    sizes = [batch_size] * full + ([rest] if rest else [])
    return sorted(sizes + tail, reverse=True)


class _Started(NamedTuple):
    first: int
    last: int
    payload: list[Any]
    settled: set[int]  # records an earlier delivery settled


def _start(factory: sessionmaker[Session], job_id: str, batch: int) -> _Started | None:
    """Mark the batch running (one more attempt) and read which of its records an earlier
    delivery settled, in one transaction; None when the batch is already settled or unknown.

    Three statements: the batch's UPDATE … RETURNING its records (where an ORM load then its
    flush took two round trips and most of this function's Python), one UPDATE of the job row
    (its heartbeat, and its start when it was queued; two UPDATEs before), the settled records."""
    now = utcnow()
    with factory.begin() as session:
        b = IngestBatch
        row = session.execute(
            update(b)
            .where(b.job_id == job_id, b.batch == batch, b.state.not_in(BATCH_SETTLED))
            .values(
                state="running", attempts=b.attempts + 1, worker=worker_name(), heartbeat_at=now
            )
            .returning(b.first, b.last, b.payload),
            execution_options={"synchronize_session": False},
        ).first()
        if row is None:
            return None
        queued = IngestJob.state == "queued"
        session.execute(
            update(IngestJob)
            .where(IngestJob.id == job_id)
            .values(
                state=case((queued, "running"), else_=IngestJob.state),
                started_at=case((queued, now), else_=IngestJob.started_at),
                heartbeat_at=now,
            ),
            execution_options={"synchronize_session": False},
        )
        settled = set(
            session.execute(
                select(IngestRecord.record).where(
                    IngestRecord.job_id == job_id,
                    IngestRecord.record.between(row.first, row.last),
                )
            )
            .scalars()
            .all()
        )
        return _Started(row.first, row.last, row.payload, settled)


def run_batch(
    factory: sessionmaker[Session],
    job_id: str,
    batch: int,
    *,
    max_chars: int,
    pool: ExtractionPool | None = None,
) -> bool:
    """Ingest the batch's records not settled yet; False when there was nothing to do (the
    batch was settled by an earlier delivery). An exception leaves the batch to the broker's
    retry; what was stored before it stays stored and counted."""
    started = _start(factory, job_id, batch)
    if started is None:
        return False
    items = [
        item
        for item in job_items(started.payload, max_chars, start=started.first)
        if item.record not in started.settled
    ]
    outcomes: list[Outcome] = []
    recorded: set[int | None] = set()  # records whose row was written with their article

    def on_store(_session: Session, writes: Writes, outcome: Outcome) -> None:
        queue_records(writes, job_id, [outcome])
        recorded.add(outcome.record)

    # The batch is one extraction task (nlp.pipe over all its articles: one article per task
    # cost 5-18 % more extraction CPU per article), then each article is stored and counted in
    # its own transaction. Extraction does not wait for the stores: `dyad worker` runs two
    # batches per process on one extraction worker, so the next batch is extracted while this
    # one is stored (see app.cli.worker).
    ingest_items(
        factory,
        items,
        pool=pool,
        batch_size=max(1, len(items)),
        on_outcome=outcomes.append,
        on_store=on_store,
    )
    with factory.begin() as session:
        _lock_job(session, job_id)
        # The rows not yet written: records refused, failed or known before extraction, and an
        # article whose transaction (with its row) was rolled back, which is an error outcome.
        rest = [o for o in outcomes if o.record not in recorded or o.reason is not None]
        add_records(session, job_id, rest)
        first_settlement = session.execute(
            update(IngestBatch)
            .where(
                IngestBatch.job_id == job_id,
                IngestBatch.batch == batch,
                IngestBatch.state.not_in(BATCH_SETTLED),
            )
            .values(state="done", heartbeat_at=utcnow())
            .returning(IngestBatch.batch)
        ).first()
        if first_settlement is not None:  # not when another delivery settled it first
            count_batch(session, job_id, started.first, started.last)
    return True


def mark_dead(factory: sessionmaker[Session], job_id: str, batch: int, reason: str) -> None:
    """The broker gave up on the batch (it went to the dead-letter queue): record why on the
    batch and as the error of each of its records not settled, so the job still ends."""
    with factory.begin() as session:
        _lock_job(session, job_id)
        row = session.get(IngestBatch, (job_id, batch))
        if row is None or row.state in BATCH_SETTLED:
            return
        row.state, row.error, row.heartbeat_at = "dead", reason[:2000], utcnow()
        message = f"batch {batch} failed after {row.attempts} attempts: {reason}"[:2000]
        insert_many_ignore(
            session,
            IngestRecord,
            [
                {"job_id": job_id, "record": r, "duplicate": False, "error": message}
                for r in range(row.first, row.last + 1)
            ],
            RECORD_KEYS,
        )
        session.flush()
        count_batch(session, job_id, row.first, row.last)


def _lock_job(session: Session, job_id: str) -> None:
    # Taken before counting, in its own statement: under READ COMMITTED the count that follows
    # then sees every batch committed before the lock was granted.
    session.execute(select(IngestJob.id).where(IngestJob.id == job_id).with_for_update())


def count_batch(session: Session, job_id: str, first: int, last: int) -> None:
    """Add a batch just settled to the job's counters, from its own record rows only; finish
    the job (its error and article lists, read once) when every batch is settled.

    Called once per batch, under the job lock: work per batch stays the batch's size, where
    recounting every record of the job after each batch made a job quadratic in its size."""
    r = IngestRecord
    done, failed, duplicates = session.execute(
        select(
            func.count(),
            func.count(r.error),
            func.coalesce(func.sum(case((and_(r.error.is_(None), r.duplicate), 1), else_=0)), 0),
        ).where(r.job_id == job_id, r.record.between(first, last))
    ).one()
    job = IngestJob
    batches, batches_done = session.execute(
        update(job)
        .where(job.id == job_id)
        .values(
            done=job.done + done,
            failed=job.failed + failed,
            duplicates=job.duplicates + duplicates,
            ingested=job.ingested + (done - failed - duplicates),
            batches_done=job.batches_done + 1,
            heartbeat_at=utcnow(),
        )
        .returning(job.batches, job.batches_done)
    ).one()
    if batches_done >= batches:
        finish_job(session, job_id)


def finish_job(session: Session, job_id: str) -> None:
    """Store the job's error and article lists once, and its final state (failed when a batch
    went to the dead-letter queue)."""
    errors, articles = job_lists(session, job_id)
    dead = session.execute(
        select(func.count())
        .select_from(IngestBatch)
        .where(IngestBatch.job_id == job_id, IngestBatch.state == "dead")
    ).scalar_one()
    session.execute(
        update(IngestJob)
        .where(IngestJob.id == job_id)
        .values(
            errors=errors,
            article_ids=articles,
            state="failed" if dead else "succeeded",
            finished_at=utcnow(),
        )
    )
