"""POST /articles, POST /extract, DELETE /articles/{id} and ingest jobs over HTTP."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db import get_sessionmaker
from app.ingest.jobs import claim_next, create_job, parse_job_body
from app.models import Article, IngestJob
from tests.ingest.corpus import article_text
from tests.ops.helpers import bearer, new_key


@pytest.fixture
def write(db: object) -> dict[str, str]:
    return bearer(new_key("write"))


def test_post_article_then_same_text_is_a_duplicate(
    client: TestClient, write: dict[str, str]
) -> None:
    body = {
        "text": article_text(1),
        "date": "2024-03-01",
        "title": "Talks",
        "url": "https://example.org/1",
    }
    first = client.post("/articles", json=body, headers=write)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert stored["duplicate"] is False and stored["title"] == "Talks" and stored["mentions"]
    assert first.headers["location"] == f"/articles/{stored['id']}"
    assert client.get(first.headers["location"]).json()["id"] == stored["id"]
    assert stored["events"] and all("participants" in e for e in stored["events"])
    again = client.post("/articles", json=body, headers=write)
    assert (
        again.status_code == 200
        and again.json()["duplicate"] is True
        and again.json()["id"] == stored["id"]
    )
    assert client.get(f"/articles/{stored['id']}").status_code == 200

    other = client.post("/articles", json={**body, "text": article_text(2)}, headers=write)
    assert other.status_code == 409 and other.json()["param"] == "url"

    assert client.delete(f"/articles/{stored['id']}", headers=write).json() == {
        "id": stored["id"],
        "deleted": True,
    }
    assert client.get(f"/articles/{stored['id']}").status_code == 404
    assert client.delete(f"/articles/{stored['id']}", headers=write).status_code == 404
    assert client.delete(f"/articles/{2**63 - 1}", headers=write).status_code == 404
    assert client.delete(f"/articles/{2**63}", headers=write).status_code == 422


def test_post_extract_stores_nothing(client: TestClient, write: dict[str, str]) -> None:
    r = client.post("/extract", json={"text": article_text(3), "date": "2024-03-01"}, headers=write)
    assert r.status_code == 200
    assert {"actors", "events", "statements"} <= set(r.json())
    with get_sessionmaker()() as s:
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 0


def test_job_body_formats() -> None:
    assert parse_job_body(b'[{"text": "a"}]', "application/json") == [{"text": "a"}]
    assert parse_job_body(b'{"text": "a"}\n\n{bad\n', "application/x-ndjson") == [
        {"text": "a"},
        "invalid JSON (JSONDecodeError)",
    ]


def test_claim_is_won_by_exactly_one_worker(db: object) -> None:
    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, [{"text": "x", "date": "2024-01-01"}]).id
    assert claim_next(factory, stale_seconds=60) == job_id
    assert claim_next(factory, stale_seconds=60) is None
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None and job.state == "running" and job.started_at is not None


def wait_for(client: TestClient, location: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(location).json()
        if job["state"] in ("succeeded", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job['state']} after {timeout} s")


def test_ingest_job_runs_in_background_with_per_record_errors(
    client: TestClient, write: dict[str, str]
) -> None:
    lines = [
        json.dumps({"id": "a", "text": article_text(1), "date": "2024-03-01"}),
        '{"text": "broken',
        json.dumps({"id": "b", "text": article_text(2), "published": "2024-03-02T10:00:00Z"}),
        json.dumps({"id": "c", "text": article_text(1), "date": "2024-03-01"}),
        json.dumps({"id": "d", "date": "2024-03-01"}),
    ]
    r = client.post(
        "/ingest-jobs",
        content="\n".join(lines),
        headers={**write, "Content-Type": "application/x-ndjson"},
    )
    assert r.status_code == 202, r.text
    assert r.headers["location"] == f"/ingest-jobs/{r.json()['id']}"
    assert r.json()["total"] == 5
    job = wait_for(client, r.headers["location"])
    assert (
        job["state"],
        job["done"],
        job["ingested"],
        job["duplicates"],
        job["failed"],
        job["progress"],
    ) == ("succeeded", 5, 2, 1, 2, 1.0)
    assert job["errors"] == [
        {"record": 2, "reason": "invalid JSON (JSONDecodeError)"},
        {"record": 5, "reason": "missing text"},
    ]
    assert [(a["record"], a["id"], a["duplicate"]) for a in job["articles"]] == [  # type: ignore[union-attr]
        (1, "a", False),
        (3, "b", False),
        (4, "c", True),
    ]
    assert client.get("/ingest-jobs/no-such-job").status_code == 404


def test_job_as_json_list_and_bad_bodies(client: TestClient, write: dict[str, str]) -> None:
    assert (
        client.post(
            "/ingest-jobs", content=b"[1,", headers={**write, "Content-Type": "application/json"}
        ).status_code
        == 422
    )
    assert client.post("/ingest-jobs", content=b"", headers=write).status_code == 422
    r = client.post(
        "/ingest-jobs", json=[{"text": article_text(4), "date": "2024-03-01"}], headers=write
    )
    assert r.status_code == 202
    assert wait_for(client, r.headers["location"])["ingested"] == 1


def test_external_worker_runs_queued_jobs(db: object) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(
            s, [{"text": article_text(7), "date": "2024-03-01"}, {"text": "x" * 10, "date": "soon"}]
        ).id
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None and (job.state, job.ingested, job.failed) == ("succeeded", 1, 1)
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 1


def test_job_interrupted_by_shutdown_goes_back_to_the_queue(db: object) -> None:
    from app.ingest.jobs import run_job

    factory = get_sessionmaker()
    with factory.begin() as s:
        job_id = create_job(s, [{"text": article_text(i), "date": "2024-03-01"} for i in (8, 9)]).id
    assert claim_next(factory, stale_seconds=60) == job_id
    run_job(factory, job_id, max_chars=1000, batch_size=1, should_stop=lambda: True)
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None and (job.state, job.done, job.started_at) == ("queued", 0, None)
    assert claim_next(factory, stale_seconds=60) == job_id
    run_job(factory, job_id, max_chars=1000)
    with factory() as s:
        job = s.get(IngestJob, job_id)
        assert job is not None and (job.state, job.ingested + job.duplicates) == ("succeeded", 2)


def test_post_article_with_lone_surrogate_is_422(client: TestClient, write: dict[str, str]) -> None:
    body = b'{"text": "\\ud800 Hamas met Fatah.", "date": "2020-01-01"}'
    r = client.post(
        "/articles", content=body, headers={**write, "Content-Type": "application/json"}
    )
    assert r.status_code == 422, r.text
