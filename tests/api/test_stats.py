"""/stats/*: the same filter as /events, counts that add up."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.ingest.store import store_extraction
from tests import factories as f
from tests.api.seeded import seed_more


@pytest.fixture
def seeded(client: TestClient, session: Session) -> TestClient:
    seed_more(session)
    return client


def test_timeline_by_month_fills_empty_periods(seeded: TestClient) -> None:
    body = seeded.get("/stats/timeline", params={"interval": "month", "actor": "Hamas"}).json()
    assert body["interval"] == "month"
    buckets = {b["period"]: b["count"] for b in body["buckets"]}
    assert buckets["2017-09-01"] == 1 and buckets["2018-05-01"] == 3
    assert buckets["2017-10-01"] == 0  # an empty month between the first and the last
    assert len(buckets) == 9 and sum(buckets.values()) == 4


def test_timeline_by_day_week_and_split_by_type_or_quad(seeded: TestClient) -> None:
    days = seeded.get(
        "/stats/timeline",
        params={"interval": "day", "date_from": "2018-05-13", "date_to": "2018-05-15"},
    ).json()
    assert [(b["period"], b["count"]) for b in days["buckets"]] == [
        ("2018-05-13", 1),
        ("2018-05-14", 1),
        ("2018-05-15", 1),
    ]
    # 2018-05-13 is a Sunday: it belongs to the week starting Monday 2018-05-07.
    weeks = seeded.get(
        "/stats/timeline",
        params={
            "interval": "week",
            "date_from": "2018-05-13",
            "date_to": "2018-05-15",
            "by": "type",
        },
    ).json()
    assert weeks["buckets"] == [
        {"period": "2018-05-07", "count": 1, "by": {"THREATEN": 1}},
        {"period": "2018-05-14", "count": 2, "by": {"ASSAULT": 1, "REJECT": 1}},
    ]
    quads = seeded.get(
        "/stats/timeline", params={"interval": "month", "by": "quad", "date_from": "2019-01-01"}
    ).json()
    assert quads["buckets"] == [{"period": "2019-01-01", "count": 2, "by": {"2": 2}}]
    assert (
        seeded.get("/stats/timeline", params={"actor": "Hamas", "date_from": "2030-01-01"}).json()[
            "buckets"
        ]
        == []
    )
    assert seeded.get("/stats/timeline", params={"interval": "year"}).status_code == 422


def test_types_counts_per_type_and_quad(seeded: TestClient) -> None:
    items = seeded.get("/stats/types").json()["items"]
    assert sum(i["count"] for i in items) == 7
    assert {"type": "REJECT", "quad_class": 3, "count": 1} in items
    assert seeded.get("/stats/types", params={"country": "PSE"}).json()["items"] == [
        {"type": "ASSAULT", "quad_class": 4, "count": 1},
        {"type": "REJECT", "quad_class": 3, "count": 1},
    ]


def test_dyads_are_directed_pairs_with_counts_by_type(client: TestClient, session: Session) -> None:
    seed_more(session)
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, f.FATAH],
            events=[
                f.event("ACCUSE", f.FATAH, f.HAMAS, date=dt.date(2018, 6, 1)),
                f.event("ACCUSE", f.FATAH, f.HAMAS, date=dt.date(2018, 6, 2)),
            ],
        ),
    )
    session.commit()
    items = client.get("/stats/dyads").json()["items"]
    top = items[0]
    assert (top["source"]["name"], top["target"]["name"], top["count"]) == ("Fatah", "Hamas", 3)
    assert top["by_type"] == {"ACCUSE": 2, "ASSAULT": 1}
    reverse = next(
        i for i in items if i["source"]["name"] == "Hamas" and i["target"]["name"] == "Fatah"
    )
    assert reverse["count"] == 1 and reverse["by_type"] == {"REJECT": 1}
    # The filter applies: only June 2018.
    june = client.get(
        "/stats/dyads", params={"date_from": "2018-06-01", "date_to": "2018-06-30"}
    ).json()["items"]
    assert [(i["source"]["name"], i["count"], i["by_type"]) for i in june] == [
        ("Fatah", 2, {"ACCUSE": 2})
    ]
    assert len(client.get("/stats/dyads", params={"top": 1}).json()["items"]) == 1


def test_actors_with_role_split(seeded: TestClient) -> None:
    items = seeded.get("/stats/actors").json()["items"]
    hamas = items[0]
    assert hamas["actor"]["name"] == "Hamas"
    assert (hamas["events"], hamas["as_source"], hamas["as_target"], hamas["as_other"]) == (
        4,
        2,
        2,
        0,
    )
    filtered = seeded.get("/stats/actors", params={"type": "AID"}).json()["items"]
    assert [(i["actor"]["name"], i["as_source"], i["as_target"]) for i in filtered] == [
        ("Fiji", 1, 0),
        ("Samoa", 0, 1),
    ]


def test_places_as_json_and_geojson(seeded: TestClient) -> None:
    items = seeded.get("/stats/places").json()["items"]
    assert {(i["place"]["name"], i["count"]) for i in items} == {
        ("Cairo", 1),
        ("Gaza City", 1),
        ("Gaza Strip", 1),
        ("Apia", 1),
        ("Suva", 1),
    }
    resp = seeded.get("/stats/places", params={"format": "geojson", "country": "PSE"})
    assert resp.headers["content-type"].startswith("application/geo+json")
    doc = json.loads(resp.text)
    assert doc["type"] == "FeatureCollection"
    names = {feat["properties"]["name"]: feat for feat in doc["features"]}
    assert set(names) == {"Gaza City", "Gaza Strip"}
    assert names["Gaza City"]["geometry"]["coordinates"] == [f.GAZA_CITY.lon, f.GAZA_CITY.lat]
    assert names["Gaza City"]["properties"]["count"] == 1


def test_stats_reject_bad_filters_like_events(seeded: TestClient) -> None:
    for path in (
        "/stats/timeline",
        "/stats/dyads",
        "/stats/actors",
        "/stats/types",
        "/stats/places",
    ):
        resp = seeded.get(path, params={"bbox": "1,2,3"})
        assert resp.status_code == 422 and resp.json()["param"] == "bbox", path
        assert seeded.get(path, params={"actor": "Nobody"}).json()["param"] == "actor", path
