"""Stalled export readers (real sockets that never read) cannot take the database away:
exports are bounded in number, stopped when their client stalls, and give their connection
back; an export reads one point in time."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.engine import Engine

from app.api.exports import snapshot_session
from app.db import get_engine, get_sessionmaker
from app.ingest.store import store_extraction
from app.models import Article, Event
from tests import factories as f
from tests.conftest import IS_POSTGRES
from tests.reliability.conftest import assert_problem
from tests.reliability.test_hostile_clients import served

EVENTS = 120
BIG = "Hamas met Egyptian officials in Cairo. " * 2500  # ~100 KB: each event carries it all


@pytest.fixture
def big_export(db: Engine) -> None:
    """About 12 MB of NDJSON: far more than socket buffers hold."""
    with get_sessionmaker()() as session:
        store_extraction(
            session,
            f.extraction(
                text=BIG,
                actors=[f.HAMAS, f.EGYSPY],
                events=[
                    f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), end=len(BIG))
                    for _ in range(EVENTS)
                ],
            ),
        )
        session.commit()


def stalled_reader(base: str, path: str) -> socket.socket:
    """Ask for `path` and never read a byte of the answer."""
    u = urlsplit(base)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((u.hostname, u.port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return s


def idle_in_transaction() -> int:
    if not IS_POSTGRES:
        return 0
    with get_engine().connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND state = 'idle in transaction'"
                )
            ).scalar_one()
        )


def test_stalled_export_readers_are_bounded_and_let_go(
    big_export: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(monkeypatch, max_concurrent_exports=2, export_stall_seconds=2) as base:
        readers = [stalled_reader(base, "/events?format=ndjson") for _ in range(2)]
        time.sleep(1.0)
        full = httpx.get(f"{base}/events", params={"format": "ndjson"}, timeout=30)
        page = httpx.get(f"{base}/events", params={"limit": 1}, timeout=30)
        ready = httpx.get(f"{base}/readyz", timeout=30)
        problem = assert_problem(full, 503)
        assert "DYAD_MAX_CONCURRENT_EXPORTS" in problem["detail"] and full.headers["retry-after"]
        assert page.status_code == 200 and ready.status_code == 200
        # The stalled exports are stopped after export_stall_seconds; their slots come back.
        deadline = time.monotonic() + 30
        while True:
            again = httpx.get(f"{base}/events", params={"format": "ndjson"}, timeout=60)
            if again.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert again.status_code == 200, again.text[:300]
        lines = again.text.splitlines()
        assert len(lines) == EVENTS and all(json.loads(x)["participants"] for x in lines)
        for r in readers:
            r.close()
        # Every connection is back in the pool; none is left idle in a transaction.
        deadline = time.monotonic() + 10
        while get_engine().pool.checkedout() and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.2)
        assert get_engine().pool.checkedout() == 0  # type: ignore[attr-defined]
        assert idle_in_transaction() == 0


def test_readyz_says_so_when_every_connection_is_taken(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = get_engine().pool
    held = [get_engine().connect() for _ in range(pool.size() + pool._max_overflow)]  # type: ignore[attr-defined]
    try:
        with served(monkeypatch) as base:
            ready = httpx.get(f"{base}/readyz", timeout=30)
    finally:
        for conn in held:
            conn.close()
    assert_problem(ready, 503)
    assert "connections are in use" in ready.json()["detail"]


def test_an_export_session_reads_one_point_in_time(big_export: None) -> None:
    session = snapshot_session(get_sessionmaker())
    try:
        before = session.execute(select(func.count()).select_from(Event)).scalar_one()
        with get_sessionmaker().begin() as other:
            other.execute(delete(Event))
            other.execute(delete(Article))
        after = session.execute(select(func.count()).select_from(Event)).scalar_one()
    finally:
        session.close()
    assert before == after == EVENTS
    with get_sessionmaker()() as fresh:
        assert fresh.execute(select(func.count()).select_from(Event)).scalar_one() == 0
