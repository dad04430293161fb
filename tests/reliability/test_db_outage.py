"""Database outages: a throwaway PostgreSQL server is stopped under a live app.

Requests in flight and requests made while it is down get 503 problem+json with Retry-After,
within the configured timeout; /readyz says not ready; once the server is back, the *same* app
process answers 200 again without a restart.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app import migrate
from app.api.deps import SessionDep, bind_database
from app.db import Database
from app.ingest.store import store_extraction
from app.main import create_app
from tests import factories as f
from tests.reliability.conftest import assert_problem, live_server
from tests.reliability.pgserver import ThrowawayPostgres

TIMEOUT = 2.0  # the app's DYAD_DB_TIMEOUT_SECONDS for this test
# A request may take the timeout plus scheduling slack on this 2-core machine, never more.
DEADLINE = TIMEOUT + 3.0
READ_PATHS = [
    "/events",
    "/events?actor=Hamas",
    "/actors?q=ham",
    "/places",
    "/statements",
    "/articles",
]


@pytest.fixture(scope="module")
def outage_app(throwaway_pg: ThrowawayPostgres) -> Iterator[tuple[Any, str]]:
    migrate.upgrade(throwaway_pg.url)
    database = Database.from_url(throwaway_pg.url, timeout=TIMEOUT)
    with database.sessionmaker.begin() as session:
        store_extraction(
            session,
            f.extraction(
                actors=[f.HAMAS, f.EGYSPY],
                places=[f.EGYPT_PLACE, f.CAIRO],
                events=[
                    f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), place=f.CAIRO)
                ],
            ),
        )
    app = create_app()
    bind_database(app, database)

    @app.get("/_test/slow", include_in_schema=False)
    def slow(session: SessionDep) -> dict[str, str]:
        # Holds a query open on the server, so stopping the server hits it mid-flight.
        session.execute(text("SELECT pg_sleep(20)"))
        return {"status": "finished"}

    with live_server(app) as base:
        yield app, base
    database.engine.dispose()


def _get(base: str, path: str) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    with httpx.Client(base_url=base, timeout=30) as c:
        response = c.get(path)
    return response, time.monotonic() - started


def _assert_unavailable(response: httpx.Response, elapsed: float, path: str) -> None:
    assert_problem(response, 503)
    assert int(response.headers["retry-after"]) > 0, path
    assert elapsed < DEADLINE, (
        f"{path} took {elapsed:.1f}s, more than the {TIMEOUT}s timeout allows"
    )


def test_outage_gives_503_with_retry_after_then_recovers_in_same_process(
    outage_app: tuple[Any, str], throwaway_pg: ThrowawayPostgres
) -> None:
    _app, base = outage_app
    for path in [*READ_PATHS, "/readyz"]:
        response, _ = _get(base, path)
        assert response.status_code == 200, (path, response.text[:300])

    # Requests in flight: queries held open on the server, and a stream of ordinary reads.
    stop_hammer = threading.Event()
    hammered: list[tuple[str, int, str, str | None, float]] = []

    def hammer() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            i = 0
            while not stop_hammer.is_set():
                path = READ_PATHS[i % len(READ_PATHS)]
                started = time.monotonic()
                r = c.get(path)
                hammered.append(
                    (
                        path,
                        r.status_code,
                        r.headers.get("content-type", ""),
                        r.headers.get("retry-after"),
                        time.monotonic() - started,
                    )
                )
                i += 1

    with cf.ThreadPoolExecutor(max_workers=8) as pool:
        try:
            slow = [pool.submit(_get, base, "/_test/slow") for _ in range(3)]
            hammers = [pool.submit(hammer) for _ in range(3)]
            time.sleep(1.0)  # the slow queries are now running on the server
            assert not any(s.done() for s in slow), "the slow requests should still be in flight"
            stopped_at = time.monotonic()
            throwaway_pg.stop("fast")
            for s in slow:
                response, _ = s.result(timeout=DEADLINE + 5)
                _assert_unavailable(
                    response, time.monotonic() - stopped_at, "/_test/slow (in flight)"
                )
            time.sleep(1.0)  # let the hammers run against the stopped server
        finally:
            stop_hammer.set()
        for h in hammers:
            h.result(timeout=60)

    assert hammered, "the read stream sent nothing"
    outage_answers = 0
    for path, status, ctype, retry_after, elapsed in hammered:
        assert status in (200, 503), (path, status)
        assert elapsed < DEADLINE, (path, elapsed)
        if status == 503:
            outage_answers += 1
            assert ctype.startswith("application/problem+json") and retry_after, (
                path,
                ctype,
                retry_after,
            )
    assert outage_answers > 0, "no request of the read stream met the outage"

    # While the server is down: every read and /readyz say 503 promptly; liveness stays up.
    for path in [*READ_PATHS, "/events/1", "/readyz"]:
        response, elapsed = _get(base, path)
        _assert_unavailable(response, elapsed, path)
    assert _get(base, "/healthz")[0].status_code == 200

    # Server back: the same app process answers 200 at once, the first request included.
    throwaway_pg.start()
    for path in [*READ_PATHS, "/readyz"]:
        response, _ = _get(base, path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    assert _get(base, "/events?actor=Hamas")[0].json()["items"], "data is back too"


def test_requests_on_a_server_that_never_comes_up_fail_fast(
    throwaway_pg: ThrowawayPostgres,
) -> None:
    """An app whose database is down from the start (port closed): 503 within the timeout,
    /readyz not ready, and no request waits longer than the timeout."""
    dead = Database.from_url(
        f"postgresql+psycopg://postgres@127.0.0.1:{throwaway_pg.port + 1}/postgres", timeout=TIMEOUT
    )
    app = create_app()
    bind_database(app, dead)
    with live_server(app) as base:
        for path in ["/events", "/actors/1", "/readyz"]:
            response, elapsed = _get(base, path)
            _assert_unavailable(response, elapsed, path)


def test_hung_server_gives_503_within_the_timeout_then_recovers(
    outage_app: tuple[Any, str], throwaway_pg: ThrowawayPostgres
) -> None:
    """The server hangs (every process paused: connections accept bytes, nothing answers) while
    the app's pool holds idle connections to it. New requests get 503 in about the timeout instead
    of waiting on a ping that is never answered; once the server resumes, 200 again."""
    _app, base = outage_app
    if not throwaway_pg.is_running():
        throwaway_pg.start()
    with cf.ThreadPoolExecutor(max_workers=4) as pool:  # fill the pool with idle connections
        assert all(r.status_code == 200 for r, _ in pool.map(lambda p: _get(base, p), READ_PATHS))
    throwaway_pg.freeze()
    try:
        for path in ["/events", "/actors/1", "/events?actor=Hamas", "/readyz"]:
            response, elapsed = _get(base, path)
            _assert_unavailable(response, elapsed, path)
    finally:
        throwaway_pg.thaw()
    for path in READ_PATHS:
        response, _ = _get(base, path)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
