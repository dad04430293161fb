"""How a broker job is cut into batches, and what a batch writes for records it could not store."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import get_sessionmaker
from app.ingest import service
from app.ingest.batches import batch_sizes, create_batched_job, run_batch
from app.models import IngestBatch, IngestJob, IngestRecord
from tests.ingest.corpus import article_text


def test_a_jobs_last_batches_are_halved_so_no_process_is_left_with_two_full_ones() -> None:
    assert batch_sizes(178, 8) == [8] * 20 + [6, 4, 4, 2, 2]
    assert batch_sizes(178, 16) == [16] * 9 + [8, 8, 6, 4, 4, 2, 2]
    # Never below 2 articles: batches of 2 and 3 have no tail to split.
    assert batch_sizes(9, 2) == [2, 2, 2, 2, 1]
    assert batch_sizes(10, 3) == [3, 3, 3, 1]


def test_a_short_job_keeps_plain_batches() -> None:
    assert batch_sizes(8, 4) == [4, 4]  # fewer than two full batches before the 2, 2 tail
    assert batch_sizes(5, 2) == [2, 2, 1]
    assert batch_sizes(1, 8) == [1]
    assert batch_sizes(0, 8) == []


def test_batches_cover_the_records_in_order(db: object) -> None:
    records = [{"text": f"text {i}", "date": "2024-03-01"} for i in range(28)]
    with get_sessionmaker().begin() as s:
        job_id = create_batched_job(s, records, 8).id
    with get_sessionmaker()() as s:
        rows = s.execute(
            select(IngestBatch.first, IngestBatch.last, IngestBatch.payload)
            .where(IngestBatch.job_id == job_id)
            .order_by(IngestBatch.batch)
        ).all()
        job = s.get(IngestJob, job_id)
        assert job is not None and (job.total, job.batches) == (28, 6)
    assert [(first, last) for first, last, _ in rows] == [
        (1, 8),
        (9, 16),
        (17, 20),
        (21, 24),
        (25, 26),
        (27, 28),
    ]
    assert [r for _, _, payload in rows for r in payload] == records


def test_an_article_the_database_refuses_is_that_records_error_and_the_batch_counts_exactly(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of stored articles go in with them; the batch writes the rest (a refused record
    here) when it settles, so the job still adds up."""
    real = service.store_extraction

    def refuses_the_second(session: Any, extraction: Any, *rest: Any) -> Any:
        if "REFUSED" in extraction.article.text:
            raise IntegrityError("INSERT", {}, ValueError("refused"))
        return real(session, extraction, *rest)

    monkeypatch.setattr(service, "store_extraction", refuses_the_second)
    records = [{"text": article_text(i), "date": "2024-03-01"} for i in (60, 61, 62)]
    records[1]["text"] += " REFUSED"
    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_batched_job(s, records, 3).id
    assert run_batch(factory, job_id, 1, max_chars=10_000) is True
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        assert (job.state, job.done, job.ingested, job.failed) == ("succeeded", 3, 2, 1)
        rows = s.execute(
            select(IngestRecord.record, IngestRecord.error)
            .where(IngestRecord.job_id == job_id)
            .order_by(IngestRecord.record)
        ).all()
    assert [(r, e is None) for r, e in rows] == [(1, True), (2, False), (3, True)]
    assert "could not store" in (rows[1][1] or "")
