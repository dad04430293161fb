"""date_source / place_source: stored, served in JSON, CSV and GeoJSON, filterable."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.ingest.store import store_extraction
from tests import factories as f


@pytest.fixture
def placed(client: TestClient, session: Session) -> TestClient:
    """Three events of one article: placed by their text, by context, by the article."""
    events = []
    for kind, date_source, place_source in [
        ("CONSULT", "text", "text"),
        ("ASSAULT", "article", "context"),
        ("SANCTION", "text", "article"),
    ]:
        ev = f.event(kind, f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), place=f.CAIRO)
        ev.date_source = date_source  # type: ignore[assignment]
        ev.place_source = place_source  # type: ignore[assignment]
        events.append(ev)
    store_extraction(
        session,
        f.extraction(actors=[f.HAMAS, f.EGYSPY], places=[f.EGYPT_PLACE, f.CAIRO], events=events),
    )
    session.commit()
    return client


def _types(client: TestClient, **params: str) -> list[str]:
    resp = client.get("/events", params={"sort": "date", **params})
    assert resp.status_code == 200, resp.text
    return sorted(e["type"] for e in resp.json()["items"])


def test_json_carries_both(placed: TestClient) -> None:
    items = placed.get("/events").json()["items"]
    got = {e["type"]: (e["date_source"], e["place_source"]) for e in items}
    assert got == {
        "CONSULT": ("text", "text"),
        "ASSAULT": ("article", "context"),
        "SANCTION": ("text", "article"),
    }


def test_filters(placed: TestClient) -> None:
    assert _types(placed, place_source="text,context") == ["ASSAULT", "CONSULT"]
    assert _types(placed, place_source="article") == ["SANCTION"]
    assert _types(placed, date_source="article") == ["ASSAULT"]
    assert _types(placed, date_source="text", place_source="text") == ["CONSULT"]


def test_unknown_source_value_is_a_problem(placed: TestClient) -> None:
    resp = placed.get("/events", params={"place_source": "dateline"})
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["param"] == "place_source"


def test_csv_and_geojson_carry_both(placed: TestClient) -> None:
    body = placed.get("/events", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {(r["type"], r["date_source"], r["place_source"]) for r in rows} == {
        ("CONSULT", "text", "text"),
        ("ASSAULT", "article", "context"),
        ("SANCTION", "text", "article"),
    }
    features = placed.get("/events", params={"format": "geojson"}).json()["features"]
    assert {ft["properties"]["place_source"] for ft in features} == {"text", "context", "article"}
    assert {ft["properties"]["date_source"] for ft in features} == {"text", "article"}
