"""Extraction for HTTP requests runs in the pool's worker processes, within a time and memory
budget, and holds no database connection: a real server (uvicorn on a socket) with real worker
processes running the test extractors of tests/extract/fake_extractors.py."""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.api.deps import bind_database
from app.db import Database
from app.extract.pool import ExtractionPool
from app.main import create_app
from app.models import Article
from tests.conftest import TEST_DATABASE_URL
from tests.extract.fake_extractors import misbehaving
from tests.ops.helpers import bearer, new_key
from tests.reliability.conftest import assert_problem, live_server


def stored_articles(database: Database) -> int:
    with database.sessionmaker() as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


def wait_for(path: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.fixture
def server(db: Engine) -> Iterator[tuple[str, Database, ExtractionPool, dict[str, str]]]:
    """A live server on a database pool of ONE connection (no overflow), extracting in a pool of
    one worker with a 3 s and 200 MB budget."""
    database = Database.from_url(TEST_DATABASE_URL, pool_size=1, max_overflow=0)
    app = create_app()
    bind_database(app, database)
    pool = ExtractionPool(misbehaving, workers=1, timeout=3, memory_mb=200)
    app.state.extraction_pool = pool
    headers = bearer(new_key("write"))
    try:
        with live_server(app) as base:
            yield base, database, pool, headers
    finally:
        pool.close()
        database.engine.dispose()


def test_reads_answer_while_an_article_is_extracted_and_no_connection_is_held(
    server: tuple[str, Database, ExtractionPool, dict[str, str]], tmp_path: Path
) -> None:
    base, database, pool, headers = server
    pool.timeout = 120  # this extraction waits for the test, not for a budget
    flag = tmp_path / "go"
    body = {"text": f"Hamas met Fatah in Cairo. WAIT:{flag}", "date": "2020-01-01"}
    with cf.ThreadPoolExecutor(1) as threads, httpx.Client(base_url=base, timeout=60) as c:
        posting = threads.submit(c.post, "/articles", json=body, headers=headers)
        wait_for(Path(f"{flag}.started"))
        # The key was checked and the text is being extracted: no connection is checked out, so
        # reads on the one-connection pool answer at once.
        assert database.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        assert c.get("/healthz").status_code == 200
        r = c.get("/events")
        assert r.status_code == 200, r.text
        assert not posting.done(), "the reads answered while the extraction was still running"
        flag.touch()
        created = posting.result(timeout=60)
    assert created.status_code == 201, created.text
    assert stored_articles(database) == 1


@pytest.mark.parametrize(
    ("marker", "reason"),
    [("SLOW", "time budget"), ("GREEDY", "memory budget"), ("CRASH", "worker died")],
)
def test_an_article_over_its_budget_is_a_422_stores_nothing_and_the_worker_is_replaced(
    server: tuple[str, Database, ExtractionPool, dict[str, str]], marker: str, reason: str
) -> None:
    base, database, pool, headers = server
    with httpx.Client(base_url=base, timeout=60) as c:
        ok = c.post(
            "/extract", json={"text": "Hamas met Fatah.", "date": "2020-01-01"}, headers=headers
        )
        assert ok.status_code == 200, ok.text
        before = pool.pids()
        assert len(before) == 1
        for path in ("/articles", "/extract"):
            r = c.post(
                path, json={"text": f"Hamas {marker}", "date": "2020-01-01"}, headers=headers
            )
            problem = assert_problem(r, 422)
            assert reason in problem["detail"] and problem["param"] == "text"
            assert r.headers.get("api-version") == "1"
        assert stored_articles(database) == 0
        assert pool.pids().isdisjoint(before), "the worker over budget was killed"
        # A fresh worker takes the next article.
        again = c.post(
            "/articles", json={"text": "Fatah met Hamas.", "date": "2020-01-01"}, headers=headers
        )
        assert again.status_code == 201, again.text
        assert len(pool.pids()) == 1 and pool.pids().isdisjoint(before)
    assert stored_articles(database) == 1


def test_an_extractor_that_raises_is_a_422_for_that_article(
    server: tuple[str, Database, ExtractionPool, dict[str, str]],
) -> None:
    base, database, _pool, headers = server
    with httpx.Client(base_url=base, timeout=60) as c:
        r = c.post("/articles", json={"text": "POISON", "date": "2020-01-01"}, headers=headers)
        assert "ValueError" in assert_problem(r, 422)["detail"]
        r = c.post(
            "/articles", json={"text": "Hamas met Fatah.", "date": "2020-01-01"}, headers=headers
        )
        assert r.status_code == 201
    assert stored_articles(database) == 1
