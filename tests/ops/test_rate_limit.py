from __future__ import annotations

import pytest

from app.security.ratelimit import TokenBucketLimiter
from tests.ops.helpers import app_client, bearer, new_key


def test_bucket_refills_over_time() -> None:
    limiter = TokenBucketLimiter(60)  # one token per second
    assert all(limiter.acquire("a", now=100.0) == 0 for _ in range(60))
    assert limiter.acquire("a", now=100.0) == pytest.approx(1.0)
    assert limiter.acquire("b", now=100.0) == 0  # identities have their own buckets
    assert limiter.acquire("a", now=101.5) == 0


def test_429_with_retry_after_per_client_and_per_key(
    monkeypatch: pytest.MonkeyPatch, db: object
) -> None:
    key = new_key("read")
    with app_client(monkeypatch, rate_limit_per_minute=3) as client:
        assert [client.get("/events").status_code for _ in range(3)] == [200, 200, 200]
        refused = client.get("/events")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-type"].startswith("application/problem+json")
        # A key gets its own bucket, apart from the anonymous client address.
        assert client.get("/events", headers=bearer(key)).status_code == 200
        # Probes are never limited.
        assert client.get("/healthz").status_code == 200
