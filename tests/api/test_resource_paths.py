"""/actors/{id}/events|statements|network, /places/{id}/events, /statements filters, fuzzy
actors."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import factories as f
from tests.api.seeded import seed_more


def _id(client: TestClient, path: str, q: str) -> int:
    return client.get(path, params={"q": q}).json()["items"][0]["id"]


def test_actor_events_take_the_event_filter_and_formats(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    hamas = _id(client, "/actors", "hamas")
    all_ = client.get(f"/actors/{hamas}/events").json()["items"]
    assert [e["type"] for e in all_] == ["REJECT", "ASSAULT", "THREATEN", "CONSULT"]
    as_target = client.get(
        f"/actors/{hamas}/events", params={"actor_role": "target", "limit": 1}
    ).json()
    assert [e["type"] for e in as_target["items"]] == ["ASSAULT"] and as_target["next"]
    assert [e["type"] for e in client.get(as_target["next"]).json()["items"]] == ["THREATEN"]
    csv_text = client.get(
        f"/actors/{hamas}/events", params={"format": "csv", "country": "PSE"}
    ).text
    assert len(csv_text.strip().splitlines()) == 3  # header + REJECT + ASSAULT
    assert client.get("/actors/999999/events").status_code == 404


def test_actor_network_counts_counterparts_by_role_and_type(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    hamas = _id(client, "/actors", "hamas")
    net = client.get(f"/actors/{hamas}/network").json()["items"]
    by_name = {c["actor"]["name"]: c for c in net}
    assert set(by_name) == {"Fatah", "Mahmoud Abbas", "Egyptian intelligence"}
    fatah = by_name["Fatah"]
    assert net[0]["actor"]["name"] == "Fatah"  # most shared events first
    assert (fatah["events"], fatah["as_source"], fatah["as_target"]) == (2, 1, 1)
    assert fatah["by_type"] == {"ASSAULT": 1, "REJECT": 1}
    assert by_name["Egyptian intelligence"]["as_target"] == 1
    only_2017 = client.get(f"/actors/{hamas}/network", params={"date_to": "2017-12-31"}).json()[
        "items"
    ]
    assert [c["actor"]["name"] for c in only_2017] == ["Egyptian intelligence"]
    assert client.get("/actors/999999/network").status_code == 404


def test_statements_by_speaker_about_and_text(client: TestClient, session: Session) -> None:
    seed_more(session)
    fatah = _id(client, "/actors", "fatah")
    said = client.get(f"/actors/{fatah}/statements").json()["items"]
    assert [s["text"] for s in said] == ["Hamas would never sign"]
    assert said[0]["span"] == {"start": 67, "end": 89}
    # "about" = an actor named inside the statement's span; Fatah is named only outside it.
    assert [
        s["text"] for s in client.get("/statements", params={"about": "Hamas"}).json()["items"]
    ] == ["Hamas would never sign"]
    assert client.get("/statements", params={"about": "Fatah"}).json()["items"] == []
    assert len(client.get("/statements", params={"q": "never sign"}).json()["items"]) == 1
    assert client.get("/statements", params={"q": "ceasefire"}).json()["items"] == []
    assert client.get("/statements", params={"speaker": "Hamas"}).json()["items"] == []
    assert client.get("/statements", params={"kind": "direct"}).json()["items"] == []
    counted = client.get("/statements", params={"kind": "indirect", "count": "true"}).json()
    assert counted["total"] == 1
    assert client.get("/statements", params={"about": "Nobody"}).json()["param"] == "about"


def test_places_bbox_detail_and_events_inside(client: TestClient, session: Session) -> None:
    seed_more(session)
    names = {
        p["name"] for p in client.get("/places", params={"bbox": "34,31,35.2,32"}).json()["items"]
    }
    assert names == {"Gaza Strip", "Gaza City", "Palestine"}
    assert {
        p["name"]
        for p in client.get("/places", params={"bbox": "170,-20,-170,-10"}).json()["items"]
    } == {"Suva", "Apia"}
    assert client.get("/places", params={"bbox": "1,2"}).json()["param"] == "bbox"
    assert {
        p["name"] for p in client.get("/places", params={"country": "Palestine"}).json()["items"]
    } == {"Palestine", "Gaza Strip", "Gaza City"}
    strip = _id(client, "/places", "Gaza Strip")
    assert [e["type"] for e in client.get(f"/places/{strip}/events").json()["items"]] == [
        "REJECT",
        "ASSAULT",
    ]
    assert [
        e["type"]
        for e in client.get(f"/places/{strip}/events", params={"negated": "false"}).json()["items"]
    ] == ["ASSAULT"]
    geo = client.get(f"/places/{strip}/events", params={"format": "geojson"}).json()
    assert len(geo["features"]) == 2
    assert client.get("/places/999999/events").status_code == 404


def test_actor_search_prefix_then_fuzzy(client: TestClient, session: Session) -> None:
    seed_more(session)
    assert [a["name"] for a in client.get("/actors", params={"q": "mahm"}).json()["items"]] == [
        "Mahmoud Abbas"
    ]
    assert [a["name"] for a in client.get("/actors", params={"q": "Hamass"}).json()["items"]] == [
        "Hamas"
    ]
    assert [a["name"] for a in client.get("/actors", params={"q": "Abas"}).json()["items"]] == [
        "Mahmoud Abbas"
    ]
    assert client.get("/actors", params={"q": "zzzzzz"}).json()["items"] == []
    assert {
        a["name"] for a in client.get("/actors", params={"country": "Egypt"}).json()["items"]
    } == {"Egyptian intelligence", "Egypt"}


def test_article_detail_gives_every_record_with_spans(client: TestClient, session: Session) -> None:
    seed_more(session)
    reject = client.get("/events", params={"type": "REJECT"}).json()["items"][0]
    art = client.get(f"/articles/{reject['article_id']}").json()
    text = art["text"]
    ev = art["events"][0]
    assert text[ev["span"]["start"] : ev["span"]["end"]] == ev["sentence"]
    st = art["statements"][0]
    assert text[st["span"]["start"] : st["span"]["end"]] == st["text"]
    assert {text[m["span"]["start"] : m["span"]["end"]] for m in art["mentions"]} == {
        "Hamas",
        "Fatah",
    }
    assert art["event_count"] == 1 and art["statement_count"] == 1
    listing = {a["id"]: a for a in client.get("/articles").json()["items"]}
    assert listing[reject["article_id"]]["event_count"] == 1
    assert f.GAZA_CITY.name == "Gaza City"


def test_out_of_range_ids_are_422_not_driver_overflows(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    huge = str(2**63)
    for path in (
        f"/events/{huge}",
        f"/actors/{huge}",
        f"/actors/{huge}/network",
        f"/places/{huge}/events",
        f"/articles/{huge}",
        f"/events?article={huge}",
        f"/events?actor={huge}",
        f"/events?place={huge}",
    ):
        resp = client.get(path)
        assert resp.status_code == 422, (path, resp.text)
    # Ids are 64-bit on every database: the largest is a well-formed id that names nothing.
    assert client.get(f"/events/{2**63 - 1}").status_code == 404
    assert client.get(f"/events/{2**31}").status_code == 404


def test_like_wildcards_in_actor_search_match_nothing(client: TestClient, session: Session) -> None:
    seed_more(session)
    for q in ("Ham%", "h_mas", "%mas"):
        assert client.get("/actors", params={"q": q}).json()["items"] == [], q
