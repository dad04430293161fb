"""Ingest jobs through the real RabbitMQ with `dyad worker` processes: a worker killed mid-batch,
two workers on one job, a poison article in the dead-letter queue.

Each test uses its own queue-name prefix, so parallel runs (and CI's SQLite and PostgreSQL
passes) never share a queue. Skipped when no RabbitMQ answers, unless DYAD_TEST_REQUIRE_BROKER
is set (CI sets it, after starting RabbitMQ)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from app.config import get_settings
from app.db import get_sessionmaker
from app.ingest import broker as broker_mod
from app.ingest.submit import submit_job
from app.models import Article, IngestBatch, IngestJob, IngestRecord
from tests.conftest import TEST_DATABASE_URL
from tests.ingest.corpus import article_text

BROKER_URL = os.environ.get("DYAD_TEST_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")
ROOT = Path(__file__).resolve().parents[2]


def _reachable(url: str) -> bool:
    u = urlparse(url)
    try:
        socket.create_connection((u.hostname or "127.0.0.1", u.port or 5672), timeout=2).close()
    except OSError:
        return False
    return True


if not _reachable(BROKER_URL):
    if os.environ.get("DYAD_TEST_REQUIRE_BROKER"):
        raise RuntimeError(f"RabbitMQ is not reachable at {BROKER_URL}")
    pytest.skip("needs RabbitMQ (DYAD_TEST_BROKER_URL)", allow_module_level=True)


def _queue_info(name: str) -> tuple[int, int]:
    """(messages, consumers) of a queue, (0, 0) when it does not exist."""
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    try:
        ch = conn.channel()
        try:
            ok = ch.queue_declare(queue=name, passive=True)
        except pika.exceptions.ChannelClosedByBroker:
            return 0, 0
        return ok.method.message_count, ok.method.consumer_count
    finally:
        if conn.is_open:
            conn.close()


def _delete_queues(base: str) -> None:
    import pika

    conn = pika.BlockingConnection(pika.URLParameters(BROKER_URL))
    try:
        ch = conn.channel()
        for name in (base, f"{base}.DQ", f"{base}.XQ"):
            ch.queue_delete(queue=name)
    finally:
        conn.close()


class Workers:
    """`dyad worker` processes for one test, each in its own process group."""

    def __init__(self, prefix: str) -> None:
        self.env = {
            **os.environ,
            "DYAD_DATABASE_URL": TEST_DATABASE_URL,
            "DYAD_BROKER_URL": BROKER_URL,
            "DYAD_QUEUE_PREFIX": prefix,
            "DYAD_BATCH_MAX_RETRIES": "1",
            "DYAD_BATCH_RETRY_BACKOFF_MS": "100",
            "DYAD_LOG_LEVEL": "WARNING",
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, module: str = "app.cli") -> subprocess.Popen[bytes]:
        args = ["worker", "--processes", "1"] if module == "app.cli" else []
        proc = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        with_suppressed_lookup(lambda: os.killpg(proc.pid, signal.SIGKILL))
        proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with_suppressed_lookup(lambda p=proc: os.killpg(p.pid, signal.SIGTERM))
        for proc in self.procs:
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                with_suppressed_lookup(lambda p=proc: os.killpg(p.pid, signal.SIGKILL))
                proc.wait(timeout=10)


def with_suppressed_lookup(fn: Callable[[], None]) -> None:
    with contextlib.suppress(ProcessLookupError):
        fn()


def env(monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    """Settings for the rest of the test (monkeypatch restores the environment afterwards)."""
    for name, value in values.items():
        monkeypatch.setenv(f"DYAD_{name.upper()}", str(value))
    get_settings.cache_clear()


@pytest.fixture
def rabbit(db: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workers]:
    prefix = f"dyadtest-{uuid.uuid4().hex[:10]}"
    env(
        monkeypatch,
        broker_url=BROKER_URL,
        queue_prefix=prefix,
        batch_max_retries=1,
        batch_retry_backoff_ms=100,
    )
    workers = Workers(prefix)
    try:
        yield workers
    finally:
        workers.stop_all()
        if broker_mod._actor is not None:
            broker_mod._actor.broker.close()
        broker_mod._actor = None
        _delete_queues(f"{prefix}.ingest")
        monkeypatch.undo()
        get_settings.cache_clear()


def wait_until(cond: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def submit(records: list[Any]) -> str:
    return submit_job(get_sessionmaker(), records, get_settings()).id


def job_row(job_id: str) -> IngestJob:
    with get_sessionmaker()() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        s.expunge(job)
        return job


def finished(job_id: str) -> IngestJob | None:
    job = job_row(job_id)
    return job if job.state in ("succeeded", "failed") else None


def batches(job_id: str) -> list[IngestBatch]:
    with get_sessionmaker()() as s:
        rows = list(
            s.execute(select(IngestBatch).where(IngestBatch.job_id == job_id)).scalars().all()
        )
        s.expunge_all()
        return rows


def count(model: type) -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def mid_batch(job_id: str, batch_size: int) -> bool:
    """Some articles of a batch are stored, not all (the job's batches are `batch_size` long)."""
    with get_sessionmaker()() as s:
        settled = s.execute(
            select(func.count()).select_from(IngestRecord).where(IngestRecord.job_id == job_id)
        ).scalar_one()
    return settled % batch_size != 0


def long_text(i: int) -> str:
    # Several sentences, so one article takes long enough to kill its worker in the middle.
    return " ".join(article_text(i * 10 + k) for k in range(6))


def test_worker_killed_mid_batch_then_restarted_ends_with_exact_counts(
    rabbit: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    env(monkeypatch, job_batch_size=4)
    job_id = submit([{"text": long_text(i), "date": "2024-03-01"} for i in range(8)])
    first = rabbit.start("tests.ingest.slow_store_worker")

    wait_until(lambda: mid_batch(job_id, 4), 240, "the first article of the first batch")
    rabbit.kill(first)
    killed = [b for b in batches(job_id) if b.state == "running"]
    assert killed, "the worker was killed while a batch was running"
    rabbit.start()
    job = wait_until(lambda: finished(job_id), 300, "the job to finish")
    assert (job.state, job.done, job.ingested, job.duplicates, job.failed) == (
        "succeeded",
        8,
        8,
        0,
        0,
    )
    assert count(Article) == 8
    redelivered = {b.batch: b.attempts for b in batches(job_id)}
    assert all(redelivered[b.batch] >= 2 for b in killed)


def test_two_workers_share_one_job(rabbit: Workers, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = f"{broker_mod.queue_name()}"
    rabbit.start()
    rabbit.start()
    wait_until(lambda: _queue_info(queue)[1] >= 2, 120, "two consumers on the queue")
    env(monkeypatch, job_batch_size=1)
    job_id = submit([{"text": long_text(100 + i), "date": "2024-03-01"} for i in range(6)])
    job = wait_until(lambda: finished(job_id), 300, "the job to finish")
    assert (job.state, job.ingested, job.batches_done) == ("succeeded", 6, 6)
    assert len({b.worker for b in batches(job_id)}) == 2
    assert count(Article) == 6


def test_poison_article_lands_in_the_dead_letter_queue_with_its_reason(
    rabbit: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [{"text": article_text(200 + i), "date": "2024-03-01"} for i in range(4)]
    records[1]["text"] += " POISON"
    env(monkeypatch, job_batch_size=2)
    job_id = submit(records)
    rabbit.start("tests.ingest.poison_worker")
    job = wait_until(lambda: finished(job_id), 300, "the job to finish")
    # Record 1 was stored before record 2 choked; records 3-4 are another batch.
    assert (job.state, job.done, job.ingested, job.failed) == ("failed", 4, 3, 1)
    assert [e["record"] for e in job.errors] == [2]
    assert "store choked on a poison article" in job.errors[0]["reason"]
    dead = [b for b in batches(job_id) if b.state == "dead"]
    assert [b.batch for b in dead] == [1] and dead[0].attempts == 2
    assert "ValueError: store choked" in (dead[0].error or "")
    xq = f"{broker_mod.queue_name()}.XQ"
    assert wait_until(lambda: _queue_info(xq)[0] == 1, 30, "the message in the dead-letter queue")


def test_worker_stopped_mid_batch_loses_no_batch(
    rabbit: Workers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM to `dyad worker` (its main process, as `kill` and systemd's KillMode=mixed send
    it) while a batch is being stored: each worker thread finishes the batch in hand and
    acknowledges it after its commit, with no redelivery; a worker started afterwards ends the
    job with exact counts: no batch lost, none settled with made-up errors. (SIGTERM to every
    process of the group reaches a Dramatiq worker process twice, which Dramatiq takes as a
    hard kill; the batch is then redelivered, as after the kill above.)"""
    env(monkeypatch, job_batch_size=4)
    job_id = submit([{"text": long_text(300 + i), "date": "2024-03-01"} for i in range(12)])
    first = rabbit.start("tests.ingest.slow_store_worker")

    wait_until(lambda: mid_batch(job_id, 4), 240, "the first article of a batch")
    in_hand = {b.batch for b in batches(job_id) if b.state == "running"}
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=90)
    stored = {b.batch: b.attempts for b in batches(job_id) if b.state == "done"}
    assert in_hand & set(stored), "the batch being stored was not finished on shutdown"
    assert all(attempts == 1 for attempts in stored.values())
    rabbit.start()
    job = wait_until(lambda: finished(job_id), 300, "the job to finish")
    assert (job.state, job.done, job.ingested, job.duplicates, job.failed) == (
        "succeeded",
        12,
        12,
        0,
        0,
    )
    assert count(Article) == 12
