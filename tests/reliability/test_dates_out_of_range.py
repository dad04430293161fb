"""Dates out of range: an article dated 9999-12-31 or 0001-01-01 is one refused record (CLI,
HTTP, jobs), never a 500 nor an aborted run; a timeline is bounded in size whatever is stored."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.date_bounds import EARLIEST, latest
from app.db import get_sessionmaker
from app.extract.dates import resolve
from app.ingest.store import store_extraction
from app.models import Article
from tests import factories as f
from tests.ingest.corpus import article_text
from tests.ops.helpers import bearer, new_key
from tests.reliability.conftest import assert_problem
from tests.reliability.test_hostile_clients import served

HOSTILE = [
    {"id": "old", "text": "Hamas met Egyptian officials in Cairo yesterday.", "date": "0001-01-01"},
    {"id": "far", "text": "Fatah met Qatar in Doha on Monday.", "date": "9999-12-31"},
    {"id": "later", "text": "Police met protesters on Monday.", "date": "9000-06-15"},
]


def articles() -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(Article)).scalar_one()


def test_cli_ingest_reports_each_out_of_range_record_and_stores_the_rest(
    db: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    good = [{"id": str(i), "text": article_text(i), "date": "2024-03-01"} for i in (1, 2)]
    path.write_text(
        "\n".join(json.dumps(r) for r in [good[0], *HOSTILE, good[1]]) + "\n", encoding="utf-8"
    )
    env = {**os.environ, "DYAD_DATABASE_URL": str(db.url.render_as_string(hide_password=False))}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "ingest", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "ingested 2, duplicates 0, failed 3" in done.stderr, done.stderr[-2000:]
    for line in (":2:", ":3:", ":4:"):
        assert line in done.stderr
    assert articles() == 2


def test_http_refuses_out_of_range_articles(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_key("write")
    with served(monkeypatch) as base:
        for record in HOSTILE:
            body = {"text": record["text"], "date": record["date"]}
            for path in ("/articles", "/extract"):
                problem = assert_problem(
                    httpx.post(f"{base}{path}", json=body, headers=bearer(key), timeout=120), 422
                )
                assert problem["param"] == "date", problem
    assert articles() == 0


def test_jobs_report_out_of_range_records(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    key = new_key("write")
    records = [{"id": "ok", "text": article_text(3), "date": "2024-03-01"}, *HOSTILE]
    with served(monkeypatch, job_poll_seconds=0.2) as base:
        posted = httpx.post(f"{base}/ingest-jobs", json=records, headers=bearer(key), timeout=120)
        assert posted.status_code == 202, posted.text
        deadline = time.monotonic() + 300
        while True:
            job = httpx.get(
                f"{base}{posted.headers['location']}", headers=bearer(key), timeout=120
            ).json()
            if job["state"] in ("succeeded", "failed") or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert (job["state"], job["ingested"], job["failed"]) == ("succeeded", 1, 3), job
    assert [e["record"] for e in job["errors"]] == [2, 3, 4]
    assert all("outside" in e["reason"] for e in job["errors"])


def test_dates_in_the_text_outside_the_range_are_no_dates() -> None:
    assert resolve("yesterday", dt.date(1800, 1, 1)) is None
    assert resolve("in 1799", dt.date(2020, 1, 1)) is None
    assert resolve("yesterday", dt.date(2020, 1, 2)) == (dt.date(2020, 1, 1), "day")
    assert dt.date(1800, 1, 1) == EARLIEST and latest() > dt.datetime.now(dt.UTC).date()


@pytest.fixture
def stored_far_dates(db: Engine) -> None:
    """Events already stored with extreme dates (written before the bounds existed)."""
    with get_sessionmaker()() as session:
        for day in (dt.date(2017, 9, 11), dt.date(9999, 12, 31)):
            store_extraction(
                session,
                f.extraction(
                    actors=[f.HAMAS, f.EGYSPY],
                    events=[f.event("CONSULT", f.HAMAS, f.EGYSPY, date=day)],
                ),
            )
        session.commit()


def test_timeline_is_bounded_whatever_is_stored(
    stored_far_dates: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(monkeypatch) as base:
        answers = {
            interval: httpx.get(f"{base}/stats/timeline", params={"interval": interval})
            for interval in ("day", "week", "month")
        }
        alone = httpx.get(f"{base}/stats/timeline", params={"date_from": "9999-01-01"})
        narrowed = httpx.get(
            f"{base}/stats/timeline", params={"interval": "day", "date_to": "2018-01-01"}
        )
    for resp in answers.values():
        problem = assert_problem(resp, 422)
        assert problem["param"] == "interval", problem
    assert alone.status_code == 200 and sum(b["count"] for b in alone.json()["buckets"]) == 1
    assert narrowed.status_code == 200
    assert sum(b["count"] for b in narrowed.json()["buckets"]) == 1
