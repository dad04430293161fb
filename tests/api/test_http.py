"""HTTP conventions: ETag/304, Cache-Control, gzip, CORS, API-Version, problem+json, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate
from sqlalchemy.orm import Session

from app.config import get_settings
from tests.api.seeded import seed_more


def test_etag_and_304_on_if_none_match(client: TestClient, session: Session) -> None:
    seed_more(session)
    first = client.get("/events", params={"actor": "Hamas"})
    etag = first.headers["etag"]
    assert etag.startswith('W/"') and "max-age=" in first.headers["cache-control"]
    again = client.get("/events", params={"actor": "Hamas"}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # A different answer has a different tag, so a stale tag gets the full body.
    other = client.get("/events", params={"actor": "Fatah"}, headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    assert (
        client.get(
            "/events", params={"actor": "Hamas"}, headers={"If-None-Match": f'"x", {etag}'}
        ).status_code
        == 304
    )
    # Errors are neither tagged nor cacheable.
    missing = client.get("/events/999999")
    assert "etag" not in missing.headers and "cache-control" not in missing.headers


def test_gzip_for_large_responses(client: TestClient, session: Session) -> None:
    seed_more(session)
    resp = client.get("/events", headers={"Accept-Encoding": "gzip"})
    assert resp.headers.get("content-encoding") == "gzip" and resp.json()["items"]
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    export = client.get("/events", params={"format": "csv"}, headers={"Accept-Encoding": "gzip"})
    assert export.headers.get("content-encoding") == "gzip" and export.text.startswith("id,date,")


def test_api_version_header(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/events", headers={"API-Version": "1"})
    assert resp.status_code == 200 and resp.headers["api-version"] == "1"
    bad = client.get("/events", headers={"API-Version": "2"})
    assert bad.status_code == 422 and bad.json()["param"] == "API-Version"
    assert bad.headers["api-version"] == "1"


def test_unknown_route_and_method_are_problems(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    for resp in (client.get("/nowhere"), client.delete("/events")):
        assert resp.status_code in (404, 405)
        assert resp.headers["content-type"].startswith("application/problem+json")


def test_cors_is_off_by_default(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    resp = client.get("/events", headers={"Origin": "https://dash.example"})
    assert "access-control-allow-origin" not in resp.headers


@pytest.fixture
def cors_client(db, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    from app.main import create_app

    monkeypatch.setenv("DYAD_CORS_ORIGINS", "https://dash.example, https://other.example")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()) as c:
            yield c
    finally:
        monkeypatch.delenv("DYAD_CORS_ORIGINS")
        get_settings.cache_clear()


def test_cors_when_configured(cors_client: TestClient) -> None:
    resp = cors_client.get("/events", headers={"Origin": "https://dash.example"})
    assert resp.headers["access-control-allow-origin"] == "https://dash.example"
    assert "link" in resp.headers["access-control-expose-headers"].lower()
    pre = cors_client.options(
        "/events",
        headers={"Origin": "https://other.example", "Access-Control-Request-Method": "GET"},
    )
    assert (
        pre.status_code == 200
        and pre.headers["access-control-allow-origin"] == "https://other.example"
    )
    stranger = cors_client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in stranger.headers


def test_openapi_document_is_valid_and_complete(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    validate(spec)  # raises on any violation of the OpenAPI 3.1 schema
    assert spec["openapi"].startswith("3.1")
    assert "API-Version" in spec["info"]["description"]
    mine = ("/events", "/actors", "/places", "/statements", "/articles", "/stats")
    checked = 0
    for path, ops in spec["paths"].items():
        if not path.startswith(mine):
            continue
        op = ops["get"]
        assert op.get("tags"), path
        for param in op.get("parameters", []):
            name = f"{path} {param['name']}"
            assert param.get("description"), f"{name}: no description"
            has_example = (
                "example" in param or "examples" in param or "examples" in param.get("schema", {})
            )
            assert has_example, f"{name}: no example"
            checked += 1
        ok = op["responses"]["200"]["content"]["application/json"]
        assert "schema" in ok and ("example" in ok or "examples" in ok), (
            f"{path}: 200 lacks model or example"
        )
    assert checked > 100
    events = spec["paths"]["/events"]["get"]
    assert {"text/csv", "application/geo+json", "application/x-ndjson"} <= set(
        events["responses"]["200"]["content"]
    )
    for stat in ("timeline", "dyads", "actors", "types", "places"):
        names = {p["name"] for p in spec["paths"][f"/stats/{stat}"]["get"]["parameters"]}
        assert {"actor", "dyad", "bbox", "near", "q", "type"} <= names, stat


def test_an_app_serves_with_the_settings_it_was_made_with(db: object) -> None:
    """Settings are bound to the app by create_app, not read from the process default at each
    request: apps in one process can differ."""
    from app.main import create_app

    base = get_settings()
    narrow = base.model_copy(update={"max_page_size": 2})
    locked = base.model_copy(update={"require_read_key": True})
    with (
        TestClient(create_app(narrow)) as narrow_client,
        TestClient(create_app(locked)) as locked_client,
        TestClient(create_app()) as default_client,
    ):
        assert narrow_client.get("/events", params={"limit": 3}).status_code == 422
        assert locked_client.get("/events").status_code == 401
        assert default_client.get("/events", params={"limit": 3}).status_code == 200
