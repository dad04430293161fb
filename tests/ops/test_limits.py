"""Each limit answers 413 problem+json before the work is done."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from app.db import get_sessionmaker
from app.models import IngestJob
from tests.ops.helpers import app_client, bearer, new_key


def test_article_over_max_chars_is_413(monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    key = new_key("write")
    with app_client(monkeypatch, max_article_chars=50) as client:
        r = client.post(
            "/articles", json={"text": "x" * 51, "date": "2020-01-01"}, headers=bearer(key)
        )
        assert r.status_code == 413 and r.json()["param"] == "text"
        r = client.post(
            "/extract", json={"text": "x" * 51, "date": "2020-01-01"}, headers=bearer(key)
        )
        assert r.status_code == 413


def test_body_over_max_bytes_is_413_from_content_length(
    monkeypatch: pytest.MonkeyPatch, db: object
) -> None:
    key = new_key("write")
    with app_client(monkeypatch, max_body_bytes=1000) as client:
        r = client.post(
            "/articles",
            content=b"{" + b" " * 2000 + b"}",
            headers={**bearer(key), "Content-Type": "application/json"},
        )
        assert r.status_code == 413 and "DYAD_MAX_BODY_BYTES" in r.json()["detail"]


def test_body_over_max_bytes_is_413_when_streamed_without_length(
    monkeypatch: pytest.MonkeyPatch, db: object
) -> None:
    key = new_key("write")

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"x" * 100

    with app_client(monkeypatch, max_body_bytes=1000) as client:
        r = client.post(
            "/ingest-jobs",
            content=chunks(),
            headers={**bearer(key), "Content-Type": "application/x-ndjson"},
        )
        assert r.status_code == 413
        # Also where FastAPI parses the JSON body itself.
        r = client.post(
            "/articles",
            content=chunks(),
            headers={**bearer(key), "Content-Type": "application/json"},
        )
        assert r.status_code == 413 and r.headers["content-type"].startswith(
            "application/problem+json"
        )
    with get_sessionmaker()() as s:
        assert s.execute(select(func.count()).select_from(IngestJob)).scalar_one() == 0


def test_job_over_max_records_is_413(monkeypatch: pytest.MonkeyPatch, db: object) -> None:
    key = new_key("write")
    body = "\n".join(json.dumps({"text": f"Text {i}.", "date": "2020-01-01"}) for i in range(4))
    with app_client(monkeypatch, max_job_articles=3, job_worker="false") as client:
        r = client.post(
            "/ingest-jobs",
            content=body,
            headers={**bearer(key), "Content-Type": "application/x-ndjson"},
        )
        assert r.status_code == 413 and "DYAD_MAX_JOB_ARTICLES" in r.json()["detail"]


def test_limits_are_in_the_openapi_description(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/openapi.json").json()
    text = json.dumps(spec)
    for setting in ("DYAD_MAX_BODY_BYTES", "DYAD_MAX_ARTICLE_CHARS", "DYAD_MAX_JOB_ARTICLES"):
        assert setting in spec["info"]["description"] and setting in text
