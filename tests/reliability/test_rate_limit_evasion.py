"""Dodging the rate limit: spoofed X-Forwarded-For, invented API keys, flooding the bucket
table. Against `dyad serve` as a real process and a live server on real sockets."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.engine import Engine

from app.security.ratelimit import TokenBucketLimiter
from tests.ops.helpers import bearer, new_key
from tests.reliability.test_hostile_clients import served

PORT = 21517  # this suite's range (issue 15: 21500-21599)


@contextlib.contextmanager
def dyad_serve(db: Engine, **env: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`dyad serve` in its own process on 127.0.0.1:PORT; yields (base URL, process)."""
    full = {
        **os.environ,
        "DYAD_DATABASE_URL": db.url.render_as_string(hide_password=False),
        "DYAD_JOB_WORKER": "false",
        **{f"DYAD_{k.upper()}": v for k, v in env.items()},
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(PORT)],
        env=full,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("dyad serve did not start")
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _spoofed(base: str, n: int) -> list[int]:
    return [
        httpx.get(
            f"{base}/events", headers={"X-Forwarded-For": f"203.0.113.{i}"}, timeout=60
        ).status_code
        for i in range(n)
    ]


def test_forwarded_for_is_ignored_unless_the_peer_is_a_configured_proxy(db: Engine) -> None:
    with dyad_serve(db, rate_limit_per_minute="2") as (base, _):
        assert _spoofed(base, 3) == [200, 200, 429]
    with dyad_serve(db, rate_limit_per_minute="2", trusted_proxies="127.0.0.1") as (base, _):
        # Behind a configured proxy, each forwarded client has its own bucket.
        assert _spoofed(base, 3) == [200, 200, 200]


def test_invented_keys_cost_the_address(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_key("read")
    with served(monkeypatch, rate_limit_per_minute=1000) as base:
        assert httpx.get(f"{base}/events", headers=bearer(key), timeout=60).status_code == 200
        started = time.monotonic()
        codes = [
            httpx.get(
                f"{base}/events", headers=bearer("dyad_" + secrets.token_urlsafe(32))
            ).status_code
            for _ in range(25)
        ]
        elapsed = time.monotonic() - started
        # A key already accepted keeps its own bucket and still works from that address.
        real = httpx.get(f"{base}/events", headers=bearer(key), timeout=60).status_code
    limit = 10  # RateLimitMiddleware.FAILED_KEYS_PER_MINUTE, refilled one per 6 s
    assert codes[:limit] == [401] * limit and 429 in codes, codes
    assert codes.count(401) <= limit + elapsed / 6 + 1, (codes, elapsed)
    assert set(codes) == {401, 429}
    assert real == 200


def test_flooding_new_identities_cannot_evict_a_throttled_one() -> None:
    limiter = TokenBucketLimiter(60, max_identities=50)
    for _ in range(60):
        limiter.acquire("victim", now=100.0)
    assert limiter.acquire("victim", now=100.0) > 0
    flood = [limiter.acquire(f"new-{i}", now=100.0) for i in range(1000)]
    # The throttled bucket is still there: the victim is still throttled...
    assert limiter.acquire("victim", now=100.0) > 0
    # ...and identities beyond the table wait instead of pushing live buckets out.
    assert sum(w > 0 for w in flood) >= 1000 - 49
    # Buckets that refilled completely hold nothing and make room again.
    assert limiter.acquire("late", now=200.0) == 0


def test_sigterm_stops_a_server_busy_extracting(db: Engine) -> None:
    key = new_key("write")
    heavy = {"text": "Hamas said " + '"a" ' * 45_000, "date": "2024-03-01"}  # minutes of work
    with dyad_serve(db, shutdown_grace_seconds="3") as (base, proc):
        import threading

        def post() -> None:
            with contextlib.suppress(httpx.HTTPError):
                httpx.post(f"{base}/extract", json=heavy, headers=bearer(key), timeout=600)

        threading.Thread(target=post, daemon=True).start()
        time.sleep(5)  # the extraction is running
        assert proc.poll() is None
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        stopped_in = time.monotonic() - started
    assert stopped_in < 20, stopped_in
