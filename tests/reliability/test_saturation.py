"""Many more concurrent clients than database connections or worker threads: requests queue and
slow down, but every one is answered 200. (With a pool smaller than the thread pool, requests
holding connections waited for threads held by requests waiting for connections, until the pool
timeout turned them into 503s.)"""

from __future__ import annotations

import concurrent.futures as cf
import threading

import httpx
from sqlalchemy.engine import Engine

from app.api.deps import bind_database
from app.db import Database, get_sessionmaker
from app.main import create_app
from tests.api.seeded import seed_events
from tests.conftest import TEST_DATABASE_URL
from tests.reliability.conftest import live_server

CLIENTS = 64
REQUESTS_EACH = 8
# A short wait for a pooled connection, so a pool that starves shows up as 503s within the test.
POOL_WAIT_SECONDS = 1.0
PATHS = [
    "/events",
    "/events?actor=Hamas",
    "/actors?q=ha",
    "/places",
    "/statements",
    "/articles",
    "/stats/types",
]


def test_sixty_four_concurrent_readers_all_get_answers(db: Engine) -> None:
    with get_sessionmaker()() as session:
        seed_events(session)
    barrier = threading.Barrier(CLIENTS)

    def reader(base: str, n: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=base, timeout=60) as c:
            barrier.wait(timeout=60)
            for i in range(REQUESTS_EACH):
                statuses.append(c.get(PATHS[(n + i) % len(PATHS)]).status_code)
        return statuses

    app = create_app()
    database = Database.from_url(TEST_DATABASE_URL, timeout=POOL_WAIT_SECONDS)
    bind_database(app, database)
    try:
        with live_server(app) as base, cf.ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = [
                s
                for statuses in pool.map(lambda n: reader(base, n), range(CLIENTS))
                for s in statuses
            ]
    finally:
        database.engine.dispose()
    assert len(results) == CLIENTS * REQUESTS_EACH
    assert set(results) == {200}, {s: results.count(s) for s in set(results)}
