"""The embedded job runner's progress: each update writes the counters and the record rows of the
records settled since the last one (never the job's whole lists, which grew with the job and made
every update cost more than the one before); the lists are stored once, when the job ends, and
read from the record rows while it runs. A job put back in the queue starts over from nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.db import get_sessionmaker
from app.extract.pool import ExtractionPool
from app.ingest.job_records import job_lists
from app.ingest.jobs import claim_next, create_job, run_job
from app.models import IngestJob, IngestRecord
from tests.extract.fake_extractors import misbehaving

RECORDS: list[Any] = [
    {"id": "a", "text": "Hamas met Fatah in Cairo.", "date": "2020-01-01"},
    "invalid JSON (JSONDecodeError)",  # as parse_job_body keeps an unreadable line
    {"id": "b", "text": "Egypt met Qatar in Doha.", "date": "2020-01-01"},
    {"id": "c", "text": "Hamas met Fatah in Cairo.", "date": "2020-01-01"},
    {"id": "d", "text": "Fatah met Hamas in Gaza.", "date": "2020-01-01"},
]


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    with ExtractionPool(misbehaving) as p:
        yield p


def _snapshot(job_id: str) -> tuple[int, int, int, int, int, int]:
    """(done, record rows, errors and articles stored on the job, errors and articles a reader
    is shown from the record rows)."""
    with get_sessionmaker()() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        rows = s.execute(
            select(func.count()).select_from(IngestRecord).where(IngestRecord.job_id == job_id)
        ).scalar_one()
        errors, articles = job_lists(s, job_id)
        return job.done, rows, len(job.errors), len(job.article_ids), len(errors), len(articles)


def test_progress_adds_record_rows_and_counters_and_stores_the_lists_at_the_end(
    db: Engine, pool: ExtractionPool
) -> None:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, RECORDS).id
    seen: list[tuple[int, int, int, int, int, int]] = []

    def probe() -> bool:  # called after every record's outcome
        seen.append(_snapshot(job_id))
        return False

    run_job(factory, job_id, max_chars=10_000, batch_size=2, should_stop=probe, pool=pool)
    # Updates after records 2 and 4: the rows of exactly those records, the lists not rewritten.
    assert seen == [
        (0, 0, 0, 0, 0, 0),
        (2, 2, 0, 0, 1, 1),
        (2, 2, 0, 0, 1, 1),
        (4, 4, 0, 0, 1, 3),
        (4, 4, 0, 0, 1, 3),
    ]
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        assert (job.state, job.done, job.ingested, job.duplicates, job.failed) == (
            "succeeded",
            5,
            3,
            1,
            1,
        )
        assert job.errors == [{"record": 2, "reason": "invalid JSON (JSONDecodeError)"}]
        assert [(a["record"], a["id"], a["duplicate"]) for a in job.article_ids] == [
            (1, "a", False),
            (3, "b", False),
            (4, "c", True),
            (5, "d", False),
        ]


def test_a_requeued_job_starts_over_with_exact_counts(db: Engine, pool: ExtractionPool) -> None:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, RECORDS).id
    assert claim_next(factory, stale_seconds=60) == job_id  # only a running job is requeued
    outcomes = iter(range(1, 100))

    run_job(
        factory,
        job_id,
        max_chars=10_000,
        batch_size=2,
        should_stop=lambda: next(outcomes) == 3,  # shutdown after the third record
        pool=pool,
    )
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None and (job.state, job.done) == ("queued", 0)
    assert _snapshot(job_id)[1] == 0, "the requeued job keeps no record rows"

    run_job(factory, job_id, max_chars=10_000, batch_size=2, pool=pool)
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        # Records 1 and 3 were stored before the shutdown: now duplicates, each counted once.
        assert (job.state, job.done, job.ingested, job.duplicates, job.failed) == (
            "succeeded",
            5,
            1,
            3,
            1,
        )
    assert _snapshot(job_id)[:2] == (5, 5)
