from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.extract.records import AffiliationRecord, StatementRecord
from app.ingest.store import store_extraction
from tests import factories as f
from tests.api.seeded import ABBAS, seed_events


def test_actor_search_and_detail(client: TestClient, session: Session) -> None:
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, ABBAS, f.FATAH],
            affiliations=[AffiliationRecord("abbas", "fatah", "head")],
            statements=[StatementRecord(0, 0, 5, "We are ready", "direct", "said", "hamas")],
        ),
    )
    session.commit()
    found = client.get("/actors", params={"q": "abb"}).json()["items"]
    assert [a["name"] for a in found] == ["Mahmoud Abbas"]
    assert {
        a["name"] for a in client.get("/actors", params={"kind": "organization"}).json()["items"]
    } == {"Hamas", "Fatah"}
    abbas = client.get(f"/actors/{found[0]['id']}").json()
    assert (
        abbas["affiliations"][0]["actor"]["name"] == "Fatah"
        and abbas["affiliations"][0]["role"] == "head"
    )
    assert "Palestinian President Mahmoud Abbas" in abbas["aliases"]
    hamas_id = client.get("/actors", params={"q": "hamas"}).json()["items"][0]["id"]
    assert client.get(f"/actors/{hamas_id}").json()["statement_count"] == 1
    assert client.get("/actors/424242").status_code == 404


def test_actor_search_treats_like_wildcards_as_text(client: TestClient, session: Session) -> None:
    seed_events(session)
    assert client.get("/actors", params={"q": "%"}).json()["items"] == []
    assert client.get("/actors", params={"q": "_"}).json()["items"] == []


def test_places_statements_and_article_detail(client: TestClient, session: Session) -> None:
    seed_events(session)
    places = client.get("/places", params={"q": "gaza"}).json()["items"]
    assert {p["name"] for p in places} == {"Gaza Strip", "Gaza City"}
    city = next(p for p in places if p["name"] == "Gaza City")
    assert client.get(f"/places/{city['id']}").json()["parent_id"] is not None
    assert client.get("/places/999999").status_code == 404
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS],
            statements=[StatementRecord(0, 10, 20, "ready to sign", "direct", "said", "hamas")],
        ),
    )
    session.commit()
    st = client.get("/statements", params={"speaker": "Hamas"}).json()["items"]
    assert st[0]["speaker"]["name"] == "Hamas" and st[0]["kind"] == "direct"
    art = client.get(f"/articles/{st[0]['article_id']}").json()
    assert art["statements"][0]["span"] == {"start": 10, "end": 20}
    assert art["text"].startswith("Article number")
    listing = client.get("/articles").json()["items"]
    assert len(listing) == 4 and sum(a["event_count"] for a in listing) == 4
    assert client.get("/articles/999999").status_code == 404


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
