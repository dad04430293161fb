"""Every EventFilter parameter on /events, against a small hand-built set (seeded.seed_more)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.query.geo import EARTH_RADIUS_KM
from tests import factories as f
from tests.api.seeded import seed_more


@pytest.fixture
def seeded(client: TestClient, session: Session) -> TestClient:
    seed_more(session)
    return client


def types(client: TestClient, **params: Any) -> list[str]:
    resp = client.get("/events", params=params)
    assert resp.status_code == 200, resp.text
    return [e["type"] for e in resp.json()["items"]]


def problem(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    resp = client.get(url, params=params)
    assert resp.status_code == 422, (url, params, resp.text)
    assert resp.headers["content-type"].startswith("application/problem+json")
    return resp.json()


def test_actor_role_selects_source_or_target(seeded: TestClient) -> None:
    assert types(seeded, actor="Hamas") == ["REJECT", "ASSAULT", "THREATEN", "CONSULT"]
    assert types(seeded, actor="Hamas", actor_role="source") == ["REJECT", "CONSULT"]
    assert types(seeded, actor="Hamas", actor_role="target") == ["ASSAULT", "THREATEN"]
    assert types(seeded, source="hamas") == ["REJECT", "CONSULT"]
    assert types(seeded, target="HAMAS") == ["ASSAULT", "THREATEN"]
    # Source and target together: Hamas acting on Egyptian intelligence only.
    assert types(seeded, source="Hamas", target="Egyptian intelligence officials") == ["CONSULT"]
    # Repeated parameter = any of them.
    assert types(seeded, source=["Fiji", "Samoa"]) == ["AID", "COOPERATE"]


def test_dyad_both_directions_and_directed(seeded: TestClient) -> None:
    assert types(seeded, dyad="Hamas,Fatah") == ["REJECT", "ASSAULT"]
    assert types(seeded, dyad="Fatah,Hamas") == ["REJECT", "ASSAULT"]
    assert types(seeded, dyad="Hamas,Fatah", directed="true") == ["REJECT"]
    assert types(seeded, dyad="Fatah,Hamas", directed="true") == ["ASSAULT"]
    assert types(seeded, dyad="Egypt,Hamas") == []
    assert problem(seeded, "/events", dyad="Hamas")["param"] == "dyad"
    assert problem(seeded, "/events", dyad="Hamas,Nobody")["param"] == "dyad"


def test_dates_single_day_and_reversed_range(seeded: TestClient) -> None:
    assert types(seeded, date="2018-05-14") == ["ASSAULT"]
    assert types(seeded, date_from="2018-05-13", date_to="2018-05-14") == ["ASSAULT", "THREATEN"]
    assert types(seeded, date_from="2019-01-01") == ["AID", "COOPERATE"]
    assert types(seeded, date_to="2017-06-05") == ["SANCTION"]
    assert (
        problem(seeded, "/events", date_from="2018-05-14", date_to="2018-05-13")["param"]
        == "date_from"
    )
    assert problem(seeded, "/events", date="2018-02-30")["param"] == "date"
    assert problem(seeded, "/events", date_to="yesterday")["param"] == "date_to"
    assert problem(seeded, "/events", date="2018-05-14", date_from="2018-01-01")["param"] == "date"


def test_place_and_country_containment(seeded: TestClient) -> None:
    # Gaza City and the Gaza Strip both sit inside Palestine.
    assert types(seeded, country="PSE") == ["REJECT", "ASSAULT"]
    assert types(seeded, country="Palestine") == ["REJECT", "ASSAULT"]
    assert types(seeded, country="egypt") == ["CONSULT"]
    assert types(seeded, place="Palestine") == ["REJECT", "ASSAULT"]
    assert types(seeded, place="Gaza Strip") == ["REJECT", "ASSAULT"]
    assert types(seeded, place="Gaza City") == ["ASSAULT"]
    assert problem(seeded, "/events", place="Atlantis")["param"] == "place"
    assert problem(seeded, "/events", country="Atlantis")["param"] == "country"
    assert problem(seeded, "/events", country="Korea")["param"] == "country"  # ambiguous name


def test_bbox_edges_are_inclusive_and_may_cross_the_antimeridian(seeded: TestClient) -> None:
    lat, lon = f.GAZA_CITY.lat, f.GAZA_CITY.lon
    assert types(seeded, bbox=f"{lon},{lat},{lon + 1},{lat + 1}") == [
        "ASSAULT"
    ]  # on the min corner
    assert types(seeded, bbox=f"{lon - 0.05},{lat - 0.05},{lon},{lat}") == [
        "ASSAULT"
    ]  # on the max corner
    assert types(seeded, bbox=f"{lon + 0.0001},{lat},{lon + 1},{lat + 1}") == []  # just east of it
    assert types(seeded, bbox="34,31,35,32") == ["REJECT", "ASSAULT"]
    # 170°E to 170°W across the antimeridian holds Suva (178°E) and Apia (171°W).
    assert types(seeded, bbox="170,-20,-170,-10") == ["AID", "COOPERATE"]
    assert types(seeded, bbox="175,-20,180,-10") == ["COOPERATE"]


@pytest.mark.parametrize(
    "bbox", ["1,2,3", "a,b,c,d", "0,50,1,40", "0,0,200,1", "0,-91,1,1", "nan,0,1,1"]
)
def test_malformed_bbox_is_422(seeded: TestClient, bbox: str) -> None:
    assert problem(seeded, "/events", bbox=bbox)["param"] == "bbox"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance computed in Python: the reference the SQL filter is checked with."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def test_near_uses_great_circle_distance_with_inclusive_edge(seeded: TestClient) -> None:
    gaza, cairo = f.GAZA_CITY, f.CAIRO
    d = distance_km(gaza.lat, gaza.lon, cairo.lat, cairo.lon)  # about 346 km
    near = f"{gaza.lat},{gaza.lon}"
    assert types(seeded, near=near, radius_km=1) == ["ASSAULT"]
    assert set(types(seeded, near=near, radius_km=d + 0.5)) == {"REJECT", "ASSAULT", "CONSULT"}
    assert set(types(seeded, near=near, radius_km=d - 0.5)) == {"REJECT", "ASSAULT"}
    # Across the antimeridian: Suva and Apia are about 1,100 km apart.
    suva_apia = distance_km(-18.14161, 178.44149, -13.83333, -171.76666)
    assert types(seeded, near="-18.14161,178.44149", radius_km=suva_apia + 1) == [
        "AID",
        "COOPERATE",
    ]
    assert types(seeded, near="-18.14161,178.44149", radius_km=suva_apia - 1) == ["COOPERATE"]
    for bad in ("31.5", "91,0", "0,181", "x,y", "1,2,3"):
        assert problem(seeded, "/events", near=bad)["param"] == "near"
    assert problem(seeded, "/events", near=near, radius_km=0)["param"] == "radius_km"


def test_type_cameo_quad_flags_and_confidence(seeded: TestClient) -> None:
    assert types(seeded, type="assault,reject") == ["REJECT", "ASSAULT"]
    assert types(seeded, type=["AID", "SANCTION"]) == ["AID", "SANCTION"]
    assert types(seeded, cameo="1") == ["REJECT", "ASSAULT", "THREATEN", "SANCTION"]
    assert types(seeded, cameo="16") == ["SANCTION"]
    assert types(seeded, cameo="07,06") == ["AID", "COOPERATE"]
    assert types(seeded, quad="2") == ["AID", "COOPERATE"]
    assert types(seeded, quad="1,3") == ["REJECT", "THREATEN", "CONSULT"]
    assert types(seeded, negated="true") == ["REJECT"]
    assert "REJECT" not in types(seeded, negated="false")
    assert types(seeded, hypothetical="true") == ["THREATEN"]
    assert types(seeded, min_confidence=0.85) == ["ASSAULT", "THREATEN", "CONSULT", "SANCTION"]
    assert types(seeded, min_confidence=0.8, quad="2") == ["AID", "COOPERATE"]  # inclusive
    assert problem(seeded, "/events", type="BOMB")["param"] == "type"
    assert problem(seeded, "/events", cameo="19a")["param"] == "cameo"
    assert problem(seeded, "/events", quad="5")["param"] == "quad"
    assert problem(seeded, "/events", min_confidence=1.5)["param"] == "min_confidence"


def test_full_text_search_over_the_sentence(seeded: TestClient) -> None:
    assert types(seeded, q="ceasefire") == ["REJECT"]
    assert types(seeded, q="CEASEFIRE proposal") == ["REJECT"]
    assert types(seeded, q='"ceasefire proposal"') == ["REJECT"]
    assert types(seeded, q='"proposal ceasefire"') == []
    assert types(seeded, q="ceasefire Qatar") == []
    # FTS operators typed by a client are searched as words, not run as syntax.
    assert types(seeded, q="ceasefire OR NEAR*") == []
    assert types(seeded, q="ceasefire", actor="Egypt") == []
    assert problem(seeded, "/events", q="!!!")["param"] == "q"


def test_article_filter(seeded: TestClient) -> None:
    first = seeded.get("/events", params={"type": "ASSAULT"}).json()["items"][0]
    assert types(seeded, article=first["article_id"]) == ["ASSAULT", "THREATEN"]


def test_every_sort_with_cursor_pages(seeded: TestClient) -> None:
    everything = seeded.get("/events", params={"limit": 500}).json()["items"]
    assert len(everything) == 7
    expected = {
        "-date": sorted(everything, key=lambda e: (e["date"], e["id"]), reverse=True),
        "date": sorted(everything, key=lambda e: (e["date"], e["id"])),
        "confidence": sorted(everything, key=lambda e: (e["confidence"], e["id"])),
        "-confidence": sorted(everything, key=lambda e: (e["confidence"], e["id"]), reverse=True),
    }
    for sort, want in expected.items():
        got, url = [], f"/events?sort={sort}&limit=2"
        while url:
            body = seeded.get(url).json()
            got += [e["id"] for e in body["items"]]
            url = body["next"]
        assert got == [e["id"] for e in want], sort
    # A cursor made for one sort is refused by another.
    cursor = (
        seeded.get("/events", params={"sort": "confidence", "limit": 1})
        .json()["next"]
        .split("cursor=")[1]
    )
    assert problem(seeded, "/events", sort="-date", cursor=cursor)["param"] == "cursor"
    assert problem(seeded, "/events", sort="name")["param"] == "sort"
