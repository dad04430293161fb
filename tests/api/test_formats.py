"""CSV, GeoJSON and NDJSON exports: parseable by the standard library, complete, streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.formats import CSV_COLUMNS
from app.ingest.store import store_extraction
from app.query import events as event_q
from app.query.event_filter import EventFilter
from tests import factories as f
from tests.api.seeded import seed_more


def test_csv_parses_with_the_csv_module_and_flattens_participants(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    resp = client.get("/events", params={"format": "csv"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == 7
    assault = next(r for r in rows if r["type"] == "ASSAULT")
    assert assault["source_names"] == "Fatah" and assault["target_names"] == "Hamas"
    assert assault["target_codes"] == "PSEHAM" and assault["place_name"] == "Gaza City"
    assert assault["country"] == "PSE" and float(assault["lat"]) == f.GAZA_CITY.lat
    assert assault["date"] == "2018-05-14" and assault["negated"] == "false"
    threat = next(r for r in rows if r["type"] == "THREATEN")
    assert threat["place_id"] == "" and threat["hypothetical"] == "true"
    # Sentences with commas and quotes survive the round trip.
    reject = next(r for r in rows if r["type"] == "REJECT")
    assert reject["sentence"] == "Hamas rejected the Fatah ceasefire proposal on Tuesday."


def test_accept_header_selects_the_format_and_filters_apply(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    resp = client.get(
        "/events", params={"actor": "Hamas", "actor_role": "target"}, headers={"Accept": "text/csv"}
    )
    assert resp.headers["content-type"].startswith("text/csv")
    assert [r["type"] for r in csv.DictReader(io.StringIO(resp.text))] == ["ASSAULT", "THREATEN"]
    nd = client.get(
        "/events", params={"type": "AID,COOPERATE"}, headers={"Accept": "application/x-ndjson"}
    )
    assert nd.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in nd.text.splitlines()]
    assert [e["type"] for e in lines] == ["AID", "COOPERATE"]
    # format= wins over Accept.
    assert client.get("/events", params={"format": "json"}, headers={"Accept": "text/csv"}).json()[
        "items"
    ]


def test_geojson_is_an_rfc7946_feature_collection_of_located_events(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    resp = client.get("/events", params={"format": "geojson"})
    assert resp.headers["content-type"].startswith("application/geo+json")
    doc = json.loads(resp.text)
    assert doc["type"] == "FeatureCollection"
    by_type = {feat["properties"]["type"]: feat for feat in doc["features"]}
    # THREATEN and SANCTION have no place, so no coordinates: they are left out.
    assert set(by_type) == {"CONSULT", "ASSAULT", "REJECT", "AID", "COOPERATE"}
    cairo = by_type["CONSULT"]
    assert cairo["type"] == "Feature" and cairo["geometry"]["type"] == "Point"
    assert cairo["geometry"]["coordinates"] == [f.CAIRO.lon, f.CAIRO.lat]  # longitude first
    assert {p["actor"]["name"] for p in cairo["properties"]["participants"]} == {
        "Hamas",
        "Egyptian intelligence",
    }
    empty = json.loads(client.get("/events", params={"format": "geojson", "type": "AGREE"}).text)
    assert empty == {"type": "FeatureCollection", "features": []}


def test_exports_are_not_capped_by_the_page_size(client: TestClient, session: Session) -> None:
    n = 620  # more than the largest page (500)
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, f.FATAH],
            events=[
                f.event("ACCUSE", f.HAMAS, f.FATAH, date=dt.date(2016, 1, 1) + dt.timedelta(days=i))
                for i in range(n)
            ],
        ),
    )
    session.commit()
    lines = client.get("/events", params={"format": "ndjson"}).text.splitlines()
    assert len(lines) == n
    dates = [json.loads(line)["date"] for line in lines]
    assert dates == sorted(dates, reverse=True)
    rows = list(
        csv.reader(
            io.StringIO(client.get("/events", params={"format": "csv", "sort": "date"}).text)
        )
    )
    assert len(rows) == n + 1 and rows[1][1] == "2016-01-01"


def test_stream_reads_in_chunks(session: Session) -> None:
    seed_more(session)
    stmt = event_q.export_statement(session, EventFilter(), None)
    chunks = list(event_q.stream(session, stmt, chunk=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert [e.date for c in chunks for e in c] == sorted(
        (e.date for c in chunks for e in c), reverse=True
    )


def test_export_errors_are_problems_before_streaming(client: TestClient, session: Session) -> None:
    seed_more(session)
    resp = client.get("/events", params={"format": "csv", "actor": "Nobody"})
    assert resp.status_code == 422 and resp.headers["content-type"].startswith(
        "application/problem+json"
    )
    resp = client.get("/events", params={"format": "xml"})
    assert resp.status_code == 422 and resp.json()["param"] == "format"


def test_exports_read_the_apps_own_database(tmp_path: Path, session: Session) -> None:
    """An app bound to another database exports from that one, as its JSON pages do, not from
    the process's default database (the one `session` writes to here)."""
    from app import migrate
    from app.config import get_settings
    from app.db import Database
    from app.main import create_app

    seed_more(session)  # the default database: what a process-default export would read
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    migrate.upgrade(url)
    other = Database.from_url(url)
    try:
        settings = get_settings().model_copy(update={"max_concurrent_exports": 1})
        with TestClient(create_app(settings, other)) as client:
            assert client.get("/events").json()["items"] == []
            for fmt in ("csv", "ndjson", "geojson"):
                resp = client.get("/events", params={"format": fmt})
                assert resp.status_code == 200, resp.text
                body = resp.text.strip()
                assert body in (",".join(CSV_COLUMNS), "") or json.loads(body)["features"] == []
            resp = client.get("/statements", params={"format": "ndjson"})
            assert resp.status_code == 200 and resp.text == ""
    finally:
        other.engine.dispose()
