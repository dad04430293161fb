"""Rate-limit buckets shared by API processes: in the database, or in Redis."""

from __future__ import annotations

import socket
import uuid

import pytest
from fastapi.testclient import TestClient

from app.db import get_sessionmaker
from app.security.shared_limits import DatabaseLimiter, RedisLimiter
from tests.ops.helpers import settings

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_database_buckets_refill_over_time(db: object) -> None:
    limiter = DatabaseLimiter(get_sessionmaker(), 60)  # one token per second
    assert all(limiter.acquire("a", now=100.0) == 0 for _ in range(60))
    assert limiter.acquire("a", now=100.0) == pytest.approx(1.0)
    assert limiter.acquire("a", now=100.0) == pytest.approx(1.0)  # a refusal takes nothing
    assert limiter.acquire("b", now=100.0) == 0
    assert limiter.acquire("a", now=101.5) == 0
    assert limiter.acquire("a", now=101.5) == pytest.approx(0.5)


def test_database_buckets_are_known_and_peeked_without_spending(db: object) -> None:
    limiter = DatabaseLimiter(get_sessionmaker(), 60)
    assert not limiter.knows("k") and limiter.blocked("k", now=100.0) == 0
    assert all(limiter.acquire("k", now=100.0) == 0 for _ in range(60))
    assert limiter.knows("k") and not limiter.knows("other")
    assert limiter.blocked("k", now=100.0) == pytest.approx(1.0)
    assert limiter.blocked("k", now=101.0) == 0  # refilled one token; peeking took none
    assert limiter.acquire("k", now=101.0) == 0


def test_two_api_processes_share_the_failed_key_budget(
    monkeypatch: pytest.MonkeyPatch, db: object
) -> None:
    from app.api.middleware import RateLimitMiddleware
    from app.main import create_app

    limit = RateLimitMiddleware.FAILED_KEYS_PER_MINUTE
    with (
        settings(monkeypatch, rate_limit_per_minute=1000, serve_workers=2),
        TestClient(create_app()) as one,
        TestClient(create_app()) as two,
    ):
        codes = [
            c.get("/events", headers={"Authorization": f"Bearer invented-{i}"}).status_code
            for i, c in enumerate([one, two] * limit)
        ]
    assert codes[:limit] == [401] * limit, codes
    assert set(codes[limit:]) == {429}, codes


def test_two_api_processes_share_one_limit(monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    from app.main import create_app

    with (
        settings(monkeypatch, rate_limit_per_minute=3, serve_workers=2),
        TestClient(create_app()) as one,
        TestClient(create_app()) as two,
    ):
        codes = [c.get("/events").status_code for c in (one, two, one, two)]
    assert codes == [200, 200, 200, 429]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_redis_buckets_are_shared_between_limiters() -> None:
    prefix = f"dyadtest:{uuid.uuid4().hex}:"
    a = RedisLimiter(REDIS_URL, 3, prefix=prefix)
    b = RedisLimiter(REDIS_URL, 3, prefix=prefix)
    try:
        assert [a.acquire("x"), b.acquire("x"), a.acquire("x")] == [0, 0, 0]
        wait = b.acquire("x")
        assert 0 < wait <= 20.0  # 3 per minute: a token every 20 s
        assert a.acquire("y") == 0
        assert b.knows("y") and not b.knows("z")
        assert 0 < b.blocked("x") <= 20.0 and b.blocked("z") == 0
        assert 0 < b.blocked("x") <= 20.0  # peeking takes no token
    finally:
        for key in a.client.scan_iter(prefix + "*"):
            a.client.delete(key)
