"""Pages filtered on one actor named by one name: the page statement resolves the name itself
(app.query.anchored), and must answer exactly as resolving it first would."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.models import Actor, ActorAlias
from tests.api.seeded import seed_more
from tests.conftest import TEST_DATABASE_URL, requires_postgres


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


@requires_postgres
def test_only_actor_pages_become_prepared_statements(db: Engine, session: Session) -> None:
    """psycopg's automatic preparation would, after five runs, let PostgreSQL keep one generic
    plan for any query, which on skewed data made dyad and near pages far slower: only
    statements marked PREPARED may be prepared on the server, and of those that find a page's
    events only the actor page's."""
    from app.api.deps import bind_database
    from app.db import Database, make_engine
    from app.main import create_app

    seed_more(session)
    session.commit()
    # One pooled connection, so every request below runs on the one connection asked after.
    engine = make_engine(TEST_DATABASE_URL, pool_size=1, max_overflow=0)
    app = create_app()
    bind_database(app, Database.from_engine(engine))
    try:
        with TestClient(app) as client:
            for _ in range(7):
                assert ids(client, actor="Hamas") != []
                ids(client, source="Hamas", target="Egypt")
                ids(client, near="31.5,34.45", radius_km="50")
                assert client.get("/stats/dyads").status_code == 200
        with engine.connect() as conn:
            prepared = conn.exec_driver_sql("SELECT statement FROM pg_prepared_statements").all()
    finally:
        engine.dispose()
    texts = [p.statement for p in prepared]
    # The statements that find a page's ids (`page_key…`) are prepared only for actor pages;
    # the rest are the page's details by id and the name look-ups, whose plans are the same
    # for any values.
    assert any("anchor_matches" in t for t in texts), texts
    assert all("anchor_matches" in t for t in texts if "page_key" in t), texts
    assert not any("asin" in t for t in texts), texts
    assert any("any($1::BIGINT[])" in t for t in texts), texts
