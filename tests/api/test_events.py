from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.seeded import seed_events


def types(body: dict) -> list[str]:
    return [e["type"] for e in body["items"]]


def test_events_newest_first_with_participants_place_and_provenance(
    client: TestClient, session: Session
) -> None:
    seed_events(session)
    body = client.get("/events").json()
    assert [e["date"] for e in body["items"]] == [
        "2018-05-14",
        "2018-05-13",
        "2017-09-11",
        "2017-06-05",
    ]
    cairo = body["items"][2]
    assert cairo["type"] == "CONSULT" and cairo["cameo"] == "040" and cairo["quad_class"] == 1
    assert cairo["place"]["name"] == "Cairo" and round(cairo["place"]["lat"], 2) == 30.06
    assert {(p["role"], p["actor"]["name"]) for p in cairo["participants"]} == {
        ("source", "Hamas"),
        ("target", "Egyptian intelligence"),
    }
    assert cairo["article_id"] > 0 and "start" in cairo["span"]


def test_actor_filter_by_name_alias_case_and_id(client: TestClient, session: Session) -> None:
    seed_events(session)
    assert types(client.get("/events", params={"actor": "hamas"}).json()) == [
        "ASSAULT",
        "THREATEN",
        "CONSULT",
    ]
    assert types(client.get("/events", params={"actor": "Islamic Resistance Movement"}).json()) == [
        "ASSAULT",
        "THREATEN",
        "CONSULT",
    ]
    assert types(client.get("/events", params={"actor": "ABBAS"}).json()) == ["THREATEN"]
    qatar_id = client.get("/actors", params={"q": "qatar"}).json()["items"][0]["id"]
    assert types(client.get("/events", params={"actor": str(qatar_id)}).json()) == ["SANCTION"]
    assert types(client.get("/events", params={"actor": "Qatar,Fatah"}).json()) == [
        "ASSAULT",
        "SANCTION",
    ]
    # A name that matches no actor is a problem naming the parameter, not a silent empty list.
    unknown = client.get("/events", params={"actor": "nobody at all"})
    assert unknown.status_code == 422 and unknown.json()["param"] == "actor"


def test_date_place_and_country_filters(client: TestClient, session: Session) -> None:
    seed_events(session)
    sept = client.get(
        "/events", params={"place": "Cairo", "date_from": "2017-09-01", "date_to": "2017-09-30"}
    ).json()
    assert types(sept) == ["CONSULT"]
    assert (
        types(client.get("/events", params={"place": "cairo", "date_to": "2017-09-10"}).json())
        == []
    )
    # A country includes the places inside it: Gaza City sits in the Gaza Strip in Palestine.
    assert types(client.get("/events", params={"place": "Palestine"}).json()) == ["ASSAULT"]
    assert types(client.get("/events", params={"place": "Gaza Strip"}).json()) == ["ASSAULT"]
    assert types(client.get("/events", params={"country": "pse"}).json()) == ["ASSAULT"]
    assert types(
        client.get("/events", params={"date_from": "2018-05-14", "date_to": "2018-05-14"}).json()
    ) == ["ASSAULT"]


def test_cursor_pages_cover_everything_once(client: TestClient, session: Session) -> None:
    seed_events(session)
    seen, url, pages = [], "/events?limit=1", 0
    while url:
        resp = client.get(url)
        assert resp.status_code == 200
        body = resp.json()
        seen += [e["id"] for e in body["items"]]
        url = body["next"]
        if url:
            assert resp.headers["link"] == f'<{url}>; rel="next"'
        pages += 1
    assert pages == 4 and len(seen) == len(set(seen)) == 4


def test_event_by_id_and_404(client: TestClient, session: Session) -> None:
    seed_events(session)
    first = client.get("/events").json()["items"][0]
    assert client.get(f"/events/{first['id']}").json() == first
    resp = client.get("/events/999999")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")
    assert resp.json()["status"] == 404 and "999999" in resp.json()["detail"]


def test_invalid_parameters_are_422_problems_naming_the_parameter(client: TestClient, db) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "/events?date_from=2017-13-01": "date_from",
        "/events?date_from=2018-01-02&date_to=2018-01-01": "date_from",
        "/events?limit=100000": "limit",
        "/events?limit=0": "limit",
        "/events?cursor=not-a-cursor": "cursor",
        "/events?country=Atlantis": "country",
    }
    for url, param in cases.items():
        resp = client.get(url)
        assert resp.status_code == 422, url
        assert resp.headers["content-type"].startswith("application/problem+json"), url
        assert resp.json()["param"] == param, url
