"""The API as other dashboards' data source: Grafana's date forms, empty and unknown parameters,
flat stats rows, the full timeline range, the network frames, HEAD, Accept, Location, no-store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.seeded import seed_more


@pytest.fixture
def seeded(client: TestClient, session: Session) -> TestClient:
    seed_more(session)
    return client


def _count(client: TestClient, **params: str) -> int:
    resp = client.get("/events", params={**params, "count": "true", "limit": "1"})
    assert resp.status_code == 200, resp.text
    return int(resp.json()["total"])


def _epoch(day: dt.date, ms: bool) -> str:
    seconds = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())
    return str(seconds * 1000 if ms else seconds)


def test_every_date_form_selects_the_same_events(seeded: TestClient) -> None:
    expected = _count(seeded, date_from="2018-05-01", date_to="2018-05-31")
    assert 0 < expected < _count(seeded)
    forms = [
        {"date": "2018-05"},
        {"date_from": "2018-05", "date_to": "2018-05"},
        {"date_from": "2018-05-01T00:00:00Z", "date_to": "2018-05-31T23:59:59.999Z"},
        {"date_from": "2018-04-30T22:00:00-02:00", "date_to": "2018-06-01T01:00:00+02:00"},
        {"date_from": _epoch(dt.date(2018, 5, 1), ms=True), "date_to": "2018-05-31"},
        {"date_from": _epoch(dt.date(2018, 5, 1), ms=False), "date_to": "2018-05-31"},
    ]
    for params in forms:
        assert _count(seeded, **params) == expected, params
    assert _count(seeded, date="2018") == _count(
        seeded, date_from="2018-01-01", date_to="2018-12-31"
    )


@pytest.mark.parametrize("value", ["2018-13", "yesterday", "2018-05-32", "12345678901234567890"])
def test_bad_date_is_a_problem_naming_the_parameter(seeded: TestClient, value: str) -> None:
    resp = seeded.get("/events", params={"date_from": value})
    assert resp.status_code == 422
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["param"] == "date_from"


@pytest.mark.parametrize(
    "path", ["/events", "/stats/timeline", "/stats/actors", "/stats/network", "/actors", "/healthz"]
)
def test_unknown_parameter_is_a_422_naming_it(seeded: TestClient, path: str) -> None:
    resp = seeded.get(path, params={"actors": "Hamas"})
    assert resp.status_code == 422, resp.text
    assert resp.json()["param"] == "actors"
    # Even when empty: a misspelt name is never silently ignored.
    assert seeded.get(path, params={"date_start": ""}).json()["param"] == "date_start"


def test_empty_values_mean_no_filter(seeded: TestClient) -> None:
    everything = _count(seeded)
    empty = {
        k: ""
        for k in [
            "actor",
            "date_from",
            "date_to",
            "date",
            "date_precision",
            "place",
            "country",
            "bbox",
            "near",
            "type",
            "cameo",
            "quad",
            "negated",
            "hypothetical",
            "min_confidence",
            "q",
            "article",
            "sort",
            "cursor",
            "format",
            "dyad",
            "source",
            "target",
        ]
    }
    assert _count(seeded, **empty) == everything
    for path, params in (
        ("/stats/timeline", {"type": "", "interval": "", "by": "", "layout": ""}),
        ("/stats/network", {"type": "", "top": "", "frame": ""}),
        ("/stats/types", {"type": "", "format": ""}),
    ):
        assert seeded.get(path, params=params).status_code == 200, path


def test_date_precision_filter(seeded: TestClient) -> None:
    day = _count(seeded, date_precision="day")
    coarse = _count(seeded, date_precision="month,year")
    assert day + coarse == _count(seeded)
    assert seeded.get("/events", params={"date_precision": "week"}).json()["param"] == (
        "date_precision"
    )


def _csv(resp: object) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(resp.text)))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path,column",
    [
        ("/stats/timeline", "count"),
        ("/stats/dyads", "count"),
        ("/stats/actors", "events"),
        ("/stats/types", "count"),
        ("/stats/places", "count"),
        ("/stats/map", "count"),
        ("/stats/network", "mainstat"),
    ],
)
def test_every_stats_endpoint_answers_csv_and_ndjson(
    seeded: TestClient, path: str, column: str
) -> None:
    as_csv = seeded.get(path, params={"format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = _csv(as_csv)
    assert rows and all(int(r[column]) >= 0 for r in rows)
    as_nd = seeded.get(path, headers={"Accept": "application/x-ndjson"})
    assert as_nd.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in as_nd.text.splitlines()]
    assert len(lines) == len(rows)
    # Flat: no nested objects, the same columns as the CSV.
    assert all(not isinstance(v, dict | list) for line in lines for v in line.values())
    assert set(lines[0]) == set(rows[0])


def test_timeline_fills_the_requested_range_and_has_a_long_form(seeded: TestClient) -> None:
    params = {"interval": "month", "date_from": "2016-11-15", "date_to": "2019-03-02"}
    wide = seeded.get("/stats/timeline", params=params).json()["buckets"]
    assert wide[0]["period"] == "2016-11-01" and wide[-1]["period"] == "2019-03-01"
    assert len(wide) == 29 and wide[0]["count"] == 0
    total = _count(seeded, date_from="2016-11-15", date_to="2019-03-02")
    assert sum(b["count"] for b in wide) == total
    long = seeded.get("/stats/timeline", params={**params, "by": "type", "layout": "long"}).json()
    assert sum(r["count"] for r in long["items"]) == total
    keys = {r["key"] for r in long["items"]}
    assert len(long["items"]) == 29 * len(keys)
    rows = _csv(seeded.get("/stats/timeline", params={**params, "layout": "long", "format": "csv"}))
    assert list(rows[0]) == ["period", "key", "count"] and rows[0]["key"] == "all"
    assert sum(int(r["count"]) for r in rows) == total


def test_timeline_refuses_too_many_buckets(seeded: TestClient) -> None:
    resp = seeded.get("/stats/timeline", params={"interval": "day", "date": "1900", "date_to": ""})
    assert resp.status_code == 200
    resp = seeded.get(
        "/stats/timeline", params={"interval": "day", "date_from": "1900", "date_to": "2020"}
    )
    assert resp.status_code == 422 and resp.json()["param"] == "interval"
    assert "week" in resp.json()["detail"]


def test_network_frames_have_grafana_node_graph_fields(seeded: TestClient) -> None:
    body = seeded.get("/stats/network").json()
    assert body["nodes"] and body["edges"]
    ids = {n["id"] for n in body["nodes"]}
    for node in body["nodes"]:
        assert {"id", "title", "mainstat"} <= set(node) and node["mainstat"] >= 1
    for edge in body["edges"]:
        assert {"id", "source", "target", "mainstat"} <= set(edge)
        assert edge["source"] in ids and edge["target"] in ids
    dyads = seeded.get("/stats/dyads").json()["items"]
    top = dyads[0]
    edge = next(
        e
        for e in body["edges"]
        if e["source"] == str(top["source"]["id"]) and e["target"] == str(top["target"]["id"])
    )
    assert edge["mainstat"] == top["count"]
    nodes = _csv(seeded.get("/stats/network", params={"format": "csv", "frame": "nodes"}))
    assert {r["id"] for r in nodes} == ids


def test_stats_do_not_advertise_sort_and_lists_without_totals_do_not_advertise_count(
    seeded: TestClient,
) -> None:
    spec = seeded.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        names = {p["name"] for p in ops.get("get", {}).get("parameters", [])}
        if path.startswith("/stats/"):
            assert "sort" not in names, path
    assert seeded.get("/stats/types", params={"sort": "date"}).status_code == 422
    for path in ("/actors", "/articles", "/places"):
        assert seeded.get(path, params={"count": "true"}).status_code == 422
    for path in ("/events", "/statements"):
        assert seeded.get(path, params={"count": "true"}).json()["total"] is not None


def test_every_get_answers_head(seeded: TestClient) -> None:
    spec = seeded.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        if "get" not in ops or "{" in path:
            continue
        get, head = seeded.get(path), seeded.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"], path
    assert seeded.head("/").status_code == 200


def test_accept_q_values_are_honoured(seeded: TestClient) -> None:
    def ctype(accept: str) -> str:
        return seeded.get("/stats/types", headers={"Accept": accept}).headers["content-type"]

    assert ctype("text/csv;q=0.5, application/json").startswith("application/json")
    assert ctype("application/json;q=0.2, text/csv;q=0.9").startswith("text/csv")
    assert ctype("text/csv;q=0, */*;q=0.1").startswith("application/json")
    assert ctype("text/*").startswith("text/csv")
    resp = seeded.get("/events", headers={"Accept": "application/json;q=0.4, text/csv;q=0.8"})
    assert resp.headers["content-type"].startswith("text/csv")


def test_health_endpoints_are_not_cacheable(seeded: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        resp = seeded.get(path)
        assert resp.headers["cache-control"] == "no-store", path
        assert "etag" not in resp.headers
    assert "max-age" in seeded.get("/events").headers["cache-control"]
