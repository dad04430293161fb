"""Readiness, metrics, request ids and structured logs."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.api.health import readiness_engine
from app.logs import JsonFormatter, RequestIdFilter


def test_readyz_ok_when_migrated(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready"


def test_readyz_503_when_database_unreachable(client: TestClient) -> None:
    dead = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/nothing", connect_args={"connect_timeout": 1}
    )
    client.app.dependency_overrides[readiness_engine] = lambda: dead  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["retry-after"] and "not reachable" in r.json()["detail"]


def test_readyz_503_when_schema_not_at_head(client: TestClient) -> None:
    empty = create_engine(f"sqlite:///{tempfile.mkdtemp()}/empty.sqlite3")
    client.app.dependency_overrides[readiness_engine] = lambda: empty  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert r.status_code == 503 and "dyad migrate" in r.json()["detail"]


def _count(text: str, route: str, status: str) -> float:
    for line in text.splitlines():
        if (
            line.startswith("dyad_http_requests_total{")
            and f'route="{route}"' in line
            and f'status="{status}"' in line
            and 'method="GET"' in line
        ):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_template(client: TestClient) -> None:
    before = _count(client.get("/metrics").text, "/articles/{article_id}", "404")
    assert client.get("/articles/987654").status_code == 404
    text = client.get("/metrics").text
    assert _count(text, "/articles/{article_id}", "404") == before + 1
    assert "dyad_http_request_duration_seconds_bucket" in text
    assert 'dyad_ingest_jobs{state="queued"}' in text
    for name in (
        "dyad_articles_ingested_total",
        "dyad_events_ingested_total",
        "dyad_ingest_errors_total",
    ):
        assert name in text


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["x-request-id"]
        == "abc-123"
    )
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers[
        "x-request-id"
    ]
    assert made != "bad id with spaces" and len(made) == 32


def test_access_log_is_json_with_request_id_and_no_key(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="dyad.access"):
        client.get("/events", headers={"X-Request-ID": "req-42", "X-API-Key": "dyad_secret-value"})
    records = [r for r in caplog.records if r.name == "dyad.access"]
    assert records
    RequestIdFilter().filter(records[-1])
    line = json.loads(JsonFormatter().format(records[-1]))
    assert (
        line["request_id"] == "req-42"
        and line["route"] == "/events"
        and line["status"] in (200, 401)
    )
    assert "secret" not in json.dumps(line)


def test_read_only_api_never_imports_spacy(db: object) -> None:
    code = (
        "import sys\nfrom fastapi.testclient import TestClient\nfrom app.main import "
        "create_app\nwith TestClient(create_app()) as c:\n    assert c.get('/events').status_code "
        "== 200\n    assert c.get('/readyz').status_code == 200\nprint('spacy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
