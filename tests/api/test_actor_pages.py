"""Pages filtered on one actor named by one name: the page statement resolves the name itself
(app.query.anchored), and must answer exactly as resolving it first would."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias
from tests.api.seeded import seed_more


def ids(client: TestClient, **params: str) -> list[int]:
    resp = client.get("/events", params=params)
    assert resp.status_code == 200, resp.text
    return [e["id"] for e in resp.json()["items"]]


def test_a_name_of_two_actors_pages_both(client: TestClient, session: Session) -> None:
    seed_more(session)
    for name in ("Hamas", "Egypt"):
        actor = session.execute(select(Actor.id).where(Actor.name == name)).scalar_one()
        session.add(ActorAlias(actor_id=actor, alias="Palestinians", normalized="palestinians"))
    session.commit()
    both = ids(client, actor="Hamas,Egypt")
    assert len(both) > len(ids(client, actor="Hamas"))
    assert ids(client, actor="Palestinians") == both
    assert ids(client, source="palestinians") == ids(client, source="Hamas,Egypt")
    assert ids(client, actor="Palestinians", limit="1") == both[:1]


def test_one_name_pages_like_its_id(client: TestClient, session: Session) -> None:
    seed_more(session)
    hamas = session.execute(select(Actor.id).where(Actor.name == "Hamas")).scalar_one()
    assert ids(client, actor="hamas") == ids(client, actor=str(hamas)) != []
    assert ids(client, target="HAMAS", date_from="2018") == ids(
        client, target=str(hamas), date_from="2018"
    )
    # A name that names an actor with no events in range is an empty page, not a 422.
    assert ids(client, actor="Hamas", date_from="2030-01-01") == []


def test_a_name_of_nobody_is_a_422_naming_the_parameter(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    for param in ("actor", "source", "target"):
        resp = client.get("/events", params={param: "nobody at all", "date_from": "2018"})
        assert resp.status_code == 422 and resp.json()["param"] == param
