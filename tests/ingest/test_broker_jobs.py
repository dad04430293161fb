"""Batched ingest jobs on Dramatiq's stub broker: counts, redelivery, dead letters, HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db import get_sessionmaker
from app.ingest import broker as broker_mod
from app.ingest import service
from app.ingest.batches import create_batched_job, run_batch
from app.models import Article, IngestBatch, IngestJob
from tests.ingest.corpus import article_text
from tests.ops.helpers import bearer, new_key, settings


@pytest.fixture
def stub(db: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[StubBroker]:
    """A stub broker carrying the ingest actor, retrying fast and giving up after one retry."""
    with settings(monkeypatch, batch_max_retries=1, batch_retry_backoff_ms=10):
        broker = StubBroker()
        broker.emit_after("process_boot")
        broker_mod.use_broker(broker)
        try:
            yield broker
        finally:
            broker.close()
            broker_mod._actor = None


def run_worker(broker: StubBroker, threads: int = 1) -> None:
    worker = dramatiq.Worker(broker, worker_threads=threads, worker_timeout=50)
    worker.start()
    try:
        broker.join(broker_mod.queue_name(), fail_fast=False)
        worker.join()
    finally:
        worker.stop()


def queue(records: list[Any], batch_size: int) -> str:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job = create_batched_job(s, records, batch_size)
        job_id, batches = job.id, job.batches
    broker_mod.send_job(job_id, batches)
    return job_id


def job_row(job_id: str) -> IngestJob:
    with get_sessionmaker()() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        s.expunge(job)
        return job


def articles_stored() -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


def test_batches_through_the_broker_count_like_the_embedded_worker(stub: StubBroker) -> None:
    records = [
        {"id": "a", "text": article_text(1), "date": "2024-03-01"},
        "invalid JSON (JSONDecodeError)",
        {"id": "b", "text": article_text(2), "date": "2024-03-02"},
        {"id": "c", "text": article_text(1), "date": "2024-03-01"},
        {"id": "d", "date": "2024-03-01"},
    ]
    job_id = queue(records, batch_size=2)
    assert job_row(job_id).batches == 3
    run_worker(stub)
    job = job_row(job_id)
    assert (job.state, job.done, job.ingested, job.duplicates, job.failed, job.batches_done) == (
        "succeeded",
        5,
        2,
        1,
        2,
        3,
    )
    assert job.errors == [
        {"record": 2, "reason": "invalid JSON (JSONDecodeError)"},
        {"record": 5, "reason": "missing text"},
    ]
    assert [(a["record"], a["id"], a["duplicate"]) for a in job.article_ids] == [
        (1, "a", False),
        (3, "b", False),
        (4, "c", True),
    ]
    assert articles_stored() == 2


def test_batch_redelivered_after_its_worker_died_mid_batch_counts_exactly(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ingest import service

    factory = get_sessionmaker()
    with factory.begin() as s:
        job = create_batched_job(
            s, [{"text": article_text(i), "date": "2024-03-01"} for i in (20, 21, 22)], 3
        )
        job_id = job.id
    real = service.store_extraction
    calls = {"n": 0}

    def dies_on_the_second(session: Any, extraction: Any, *rest: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is going down mid-batch
        return real(session, extraction, *rest)

    monkeypatch.setattr(service, "store_extraction", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_batch(factory, job_id, 1, max_chars=10_000)
    assert articles_stored() == 1
    assert job_row(job_id).state == "running"
    monkeypatch.setattr(service, "store_extraction", real)
    assert run_batch(factory, job_id, 1, max_chars=10_000) is True  # the broker's redelivery
    job = job_row(job_id)
    assert (job.state, job.done, job.ingested, job.duplicates, job.failed) == (
        "succeeded",
        3,
        3,
        0,
        0,
    )
    assert articles_stored() == 3
    # A delivery after the batch settled (ack lost) changes nothing.
    assert run_batch(factory, job_id, 1, max_chars=10_000) is False
    assert job_row(job_id).ingested == 3 and articles_stored() == 3
    with factory() as s:
        assert s.get(IngestBatch, (job_id, 1)).attempts == 2  # type: ignore[union-attr]


def test_poison_batch_goes_to_the_dead_letter_queue_and_the_others_go_on(
    stub: StubBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer (not the extractor: its failures are per-record errors) fails on the poison
    # article every time: the batch is retried, then dead-lettered.
    real = service.store_extraction

    def chokes_on_poison(session: Any, extraction: Any, *rest: Any) -> Any:
        if "POISON" in extraction.article.text:
            raise ValueError("store choked")
        return real(session, extraction, *rest)

    monkeypatch.setattr(service, "store_extraction", chokes_on_poison)
    records = [{"text": article_text(i), "date": "2024-03-01"} for i in (30, 31, 32, 33)]
    records[2]["text"] += " POISON"
    job_id = queue(records, batch_size=2)
    run_worker(stub)
    job = job_row(job_id)
    assert (job.state, job.done, job.ingested, job.failed, job.batches_done) == (
        "failed",
        4,
        2,
        2,
        2,
    )
    assert [e["record"] for e in job.errors] == [3, 4]
    assert "ValueError: store choked" in job.errors[0]["reason"]
    assert "after 2 attempts" in job.errors[0]["reason"]
    dead = stub.dead_letters
    assert len(dead) == 1 and dead[0].args == (job_id, 2)
    with get_sessionmaker()() as s:
        batch = s.get(IngestBatch, (job_id, 2))
        assert batch is not None and (batch.state, batch.error) == (
            "dead",
            "ValueError: store choked",
        )
    assert articles_stored() == 2


def test_two_threads_store_one_batch_while_the_next_is_extracted_and_a_failed_store_is_not_acked(
    stub: StubBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dyad worker` runs two batches per process on one extraction worker. The first store of
    the poison article waits until the other thread has stored an article of batch 2 (a
    single-threaded worker would reach batch 2 only after batch 1, and time out here); then it
    fails, every time: batch 1 is not acknowledged but retried, then dead-lettered with its error
    on the job, while batch 2 (worked beside it) counts exactly."""
    import threading

    real = service.store_extraction
    second_stored = threading.Event()
    waited: list[bool] = []

    def stores_beside_each_other(session: Any, extraction: Any, *rest: Any) -> Any:
        text = extraction.article.text
        if "POISON" in text:
            if not waited:
                waited.append(second_stored.wait(timeout=60))
            raise ValueError("store choked")
        result = real(session, extraction, *rest)
        if "SECOND" in text:
            second_stored.set()
        return result

    monkeypatch.setattr(service, "store_extraction", stores_beside_each_other)
    records = [{"text": article_text(i), "date": "2024-03-01"} for i in (60, 61, 62, 63)]
    records[1]["text"] += " POISON"
    records[2]["text"] += " SECOND"
    job_id = queue(records, batch_size=2)
    run_worker(stub, threads=2)
    assert waited == [True], "batch 2 was not stored while batch 1 was still being worked"
    job = job_row(job_id)
    assert (job.state, job.done, job.ingested, job.failed, job.batches_done) == (
        "failed",
        4,
        3,
        1,
        2,
    )
    assert [e["record"] for e in job.errors] == [2]
    assert "ValueError: store choked" in job.errors[0]["reason"]
    assert "after 2 attempts" in job.errors[0]["reason"]
    assert [m.args for m in stub.dead_letters] == [(job_id, 1)]
    with get_sessionmaker()() as s:
        first, second = s.get(IngestBatch, (job_id, 1)), s.get(IngestBatch, (job_id, 2))
        assert first is not None and second is not None
        assert (first.state, first.attempts, first.error) == ("dead", 2, "ValueError: store choked")
        assert (second.state, second.attempts) == ("done", 1)
    assert articles_stored() == 3


def test_a_message_is_acknowledged_only_after_its_batch_is_committed(stub: StubBroker) -> None:
    """At the moment Dramatiq acknowledges a batch's message (two threads working at once),
    another connection already sees the batch settled, its articles stored and the job's
    counters including it: the acknowledgement follows the commit, never precedes it."""
    from dramatiq.middleware import Middleware

    from app.models import IngestRecord

    seen: list[tuple[int, str, int, int]] = []

    class AtAck(Middleware):
        def before_ack(self, broker: dramatiq.Broker, message: Any) -> None:  # noqa: ARG002
            job_id, batch = message.args
            with get_sessionmaker()() as s:
                row = s.get(IngestBatch, (job_id, batch))
                assert row is not None
                records = s.execute(
                    select(func.count())
                    .select_from(IngestRecord)
                    .where(IngestRecord.job_id == job_id, IngestRecord.article_id.is_not(None))
                    .where(IngestRecord.record.between(row.first, row.last))
                ).scalar_one()
                job = s.get(IngestJob, job_id)
                assert job is not None
                seen.append((batch, row.state, records, job.batches_done))

    stub.add_middleware(AtAck())
    records = [{"text": article_text(i), "date": "2024-03-01"} for i in range(70, 76)]
    job_id = queue(records, batch_size=2)
    run_worker(stub, threads=2)
    assert sorted(b for b, *_ in seen) == [1, 2, 3]
    assert all(state == "done" and stored == 2 for _, state, stored, _ in seen), seen
    assert sorted(done for *_, done in seen) == [1, 2, 3]
    assert job_row(job_id).state == "succeeded"


def test_post_ingest_jobs_with_a_broker_sends_batches(
    stub: StubBroker, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.main import create_app

    with settings(
        monkeypatch,
        broker_url="amqp://unused",
        job_batch_size=1,
        batch_max_retries=1,
        batch_retry_backoff_ms=10,
    ):
        write = bearer(new_key("write"))
        with TestClient(create_app()) as client:
            assert getattr(client.app.state, "job_worker", None) is None  # type: ignore[attr-defined]
            lines = [json.dumps({"text": article_text(i), "date": "2024-03-01"}) for i in (40, 41)]
            r = client.post(
                "/ingest-jobs",
                content="\n".join(lines),
                headers={**write, "Content-Type": "application/x-ndjson"},
            )
            assert r.status_code == 202, r.text
            assert (r.json()["state"], r.json()["batches"]) == ("queued", 2)
            run_worker(stub)
            job = client.get(r.headers["location"]).json()
    assert (job["state"], job["ingested"], job["batches_done"], job["progress"]) == (
        "succeeded",
        2,
        2,
        1.0,
    )


def test_embedded_job_whose_worker_stopped_beating_is_taken_up_again(db: object) -> None:
    import datetime as dt

    from sqlalchemy import update

    from app.ingest.jobs import claim_next, create_job

    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, [{"text": article_text(50), "date": "2024-03-01"}]).id
    assert claim_next(factory, stale_seconds=60) == job_id
    assert claim_next(factory, stale_seconds=60) is None  # its worker is alive
    old = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=120)
    with factory.begin() as s:
        s.execute(update(IngestJob).where(IngestJob.id == job_id).values(heartbeat_at=old, done=1))
    assert claim_next(factory, stale_seconds=60) == job_id
    job = job_row(job_id)
    assert (job.state, job.done) == ("running", 0)
    assert job.heartbeat_at is not None


def test_a_running_batched_job_shows_its_settled_batches(db: object) -> None:
    """Counters grow batch by batch; the lists come from the record rows until the job ends,
    when they are stored once."""
    from app.main import create_app

    factory = get_sessionmaker()
    records = [
        {"id": "a", "text": article_text(50), "date": "2024-03-01"},
        "invalid JSON (JSONDecodeError)",
        {"id": "b", "text": article_text(51), "date": "2024-03-02"},
    ]
    with factory.begin() as s:
        job_id = create_batched_job(s, records, 2).id
    assert run_batch(factory, job_id, 1, max_chars=10_000) is True
    with TestClient(create_app()) as client:
        running = client.get(f"/ingest-jobs/{job_id}").json()
        assert (running["state"], running["done"], running["ingested"], running["failed"]) == (
            "running",
            2,
            1,
            1,
        )
        assert [a["id"] for a in running["articles"]] == ["a"]
        assert running["errors"] == [{"record": 2, "reason": "invalid JSON (JSONDecodeError)"}]
        assert job_row(job_id).article_ids == []  # nothing stored on the job before it ends
        assert run_batch(factory, job_id, 2, max_chars=10_000) is True
        done = client.get(f"/ingest-jobs/{job_id}").json()
    assert (done["state"], done["done"], done["ingested"], done["batches_done"]) == (
        "succeeded",
        3,
        2,
        2,
    )
    assert [a["id"] for a in job_row(job_id).article_ids] == ["a", "b"]


def test_dyad_worker_runs_two_threads_per_process_prefetching_one_message_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two batches in flight per process (one stored while the next is extracted), and no more
    held back from other machines than the process works on."""
    import os

    import dramatiq.cli
    import typer

    from app.cli.worker import run_dramatiq_workers

    seen: dict[str, Any] = {}

    def fake_main(args: Any) -> int:
        # Dramatiq's own (lower-case) variable, read when it is first imported.
        seen["args"], seen["prefetch"] = args, os.environ.get("dramatiq_queue_prefetch")  # noqa: SIM112
        seen["blas"] = [os.environ.get(v) for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")]
        return 0

    monkeypatch.setattr(dramatiq.cli, "main", fake_main)
    for var in ("dramatiq_queue_prefetch", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.setenv(var, "unset")
        monkeypatch.delenv(var)
    with pytest.raises(typer.Exit):
        run_dramatiq_workers(3)
    assert (seen["args"].processes, seen["args"].threads, seen["prefetch"]) == (3, 2, "2")
    assert seen["args"].broker == "app.ingest.broker_worker"
    # One compute thread per process (the extraction workers it spawns inherit it).
    assert seen["blas"] == ["1", "1"]
