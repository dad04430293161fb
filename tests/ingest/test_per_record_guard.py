"""One article that the extractor chokes on (raises, runs over its time or memory budget, kills
its worker) is that record's error in `dyad ingest`, `dyad extract --jsonl`, jobs and broker
batches; the other records of the batch are extracted and stored. Real worker processes run the
misbehaving extractor of tests/extract/fake_extractors.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from app.cli import app
from app.db import get_sessionmaker
from app.extract.pool import ExtractionPool
from app.ingest.batches import create_batched_job, run_batch
from app.ingest.jobs import create_job, run_job
from app.models import Article, IngestJob
from tests.extract.fake_extractors import misbehaving
from tests.ops.helpers import settings

RECORDS = [
    {"text": "Hamas met Fatah in Cairo.", "date": "2020-01-01"},
    {"text": "POISON", "date": "2020-01-01"},
    {"text": "SLOW", "date": "2020-01-01"},
    {"text": "Egypt met Qatar in Doha.", "date": "2020-01-01"},
    {"text": "GREEDY", "date": "2020-01-01"},
    {"text": "CRASH", "date": "2020-01-01"},
    {"text": "Fatah met Hamas in Gaza.", "date": "2020-01-01"},
]
REASONS = {
    2: "ValueError: the parser choked",
    3: "time budget",
    5: "memory budget",
    6: "worker died",
}


def stored_texts() -> set[str]:
    with get_sessionmaker()() as s:
        return set(s.execute(select(Article.text)).scalars())


GOOD = {RECORDS[i]["text"] for i in (0, 3, 6)}


@pytest.fixture
def budgets(monkeypatch: pytest.MonkeyPatch, use_extractor: Callable[..., None]) -> Iterator[None]:
    with settings(monkeypatch, extract_timeout_seconds=3, extract_memory_mb=200):
        use_extractor(misbehaving)
        yield


@pytest.fixture
def pool() -> Iterator[ExtractionPool]:
    with ExtractionPool(misbehaving, timeout=3, memory_mb=200) as p:
        yield p


def test_dyad_ingest(db: Engine, tmp_path: Path, budgets: None) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--batch-size", "4"])
    assert result.exit_code == 1, result.output
    assert "ingested 3, duplicates 0, failed 4" in result.output
    for line, reason in REASONS.items():
        assert f"{path}:{line}: " in result.output and reason in result.output
    assert stored_texts() == GOOD


def test_dyad_extract_jsonl(budgets: None) -> None:
    stdin = "".join(json.dumps({**r, "id": str(i)}) + "\n" for i, r in enumerate(RECORDS, 1))
    result = CliRunner().invoke(app, ["extract", "--jsonl"], input=stdin)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "4", "7"]
    for reason in REASONS.values():
        assert reason in result.stderr


def test_jobs(db: Engine, pool: ExtractionPool) -> None:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, RECORDS).id
    run_job(factory, job_id, max_chars=10_000, batch_size=4, pool=pool)
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        assert (job.state, job.ingested, job.failed) == ("succeeded", 3, 4)
        errors = {e["record"]: e["reason"] for e in job.errors}
    assert sorted(errors) == sorted(REASONS)
    assert all(reason in errors[r] for r, reason in REASONS.items())
    assert stored_texts() == GOOD


def test_broker_batches(db: Engine, pool: ExtractionPool) -> None:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job = create_batched_job(s, RECORDS, 4)
        job_id, batches = job.id, job.batches
    for batch in range(1, batches + 1):
        assert run_batch(factory, job_id, batch, max_chars=10_000, pool=pool)
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None
        assert (job.state, job.ingested, job.failed) == ("succeeded", 3, 4)
        count = s.execute(select(func.count()).select_from(Article)).scalar_one()
    assert count == 3 and stored_texts() == GOOD
