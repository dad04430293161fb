"""Helpers for the reliability suite: problem+json assertions, a live uvicorn server in a
thread (loopback only), and a throwaway PostgreSQL server."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from tests.reliability.pgserver import ThrowawayPostgres, unavailable_reason

PROBLEM = "application/problem+json"
# Filled by test_schema_fuzz.py; reported at the end of the run (pytest_terminal_summary).
FUZZ_STATS: dict[str, Any] = {"sent": 0, "by_status": {}, "by_phase": {}, "operations": set()}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FUZZ_STATS["sent"]:
        terminalreporter.write_sep("-", "schema fuzzing (schemathesis)")
        terminalreporter.write_line(
            f"{FUZZ_STATS['sent']} requests sent to {len(FUZZ_STATS['operations'])} operations; "
            f"by status {dict(sorted(FUZZ_STATS['by_status'].items()))}; "
            f"by phase {dict(sorted(FUZZ_STATS['by_phase'].items()))}"
        )


def assert_problem(response: httpx.Response | Any, *statuses: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with one of `statuses`; returns its body."""
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    ctype = response.headers.get("content-type", "")
    assert ctype.split(";")[0].strip() == PROBLEM, (
        response.status_code,
        ctype,
        response.text[:300],
    )
    body = response.json()
    assert body["status"] == response.status_code and body.get("title"), body
    return body


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve `app` with uvicorn on 127.0.0.1 in a background thread; yields the base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture(scope="module")
def throwaway_pg() -> Iterator[ThrowawayPostgres]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"no throwaway PostgreSQL: {reason}")
    pg = ThrowawayPostgres()
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.cleanup()
