"""On PostgreSQL an actor's page (a prepared statement) has each event's JSON object written by
the statement itself (app.query.event_fragment); the page must still be byte for byte what the
models write, and an event whose floats PostgreSQL would print differently must fall back to
Python. Other pages are written in Python, as on SQLite."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Actor, Event, EventParticipant, Place
from app.query import events as q
from app.query.event_fragment import COLUMN
from tests.api.seeded import seed_more
from tests.api.test_event_json import _reference
from tests.conftest import requires_postgres

# Strings JSON escapes: quotes, backslash, tab, newline, a control character, a solidus,
# non-ASCII and U+2028 (which neither writer escapes).
ODD = 'Gaza "City"\t\\ 1/2 \n \x1f \u00e9 \u2028 end'


def _oddities(session: Session) -> dict[str, int]:
    """Events with values that are easy to write wrongly, and one whose float PostgreSQL
    prints with an exponent. Returns their ids by what they test."""
    ids = list(session.execute(select(Event.id).order_by(Event.id)).scalars())
    plain, whole, exponent = ids[0], ids[1], ids[2]
    session.execute(
        update(Event)
        .where(Event.id == plain)
        .values(sentence_text=ODD, trigger='say "no"', goldstein=2 / 3, confidence=0.1 + 0.2)
    )
    session.execute(update(Event).where(Event.id == whole).values(goldstein=-0.0, confidence=1.0))
    session.execute(update(Event).where(Event.id == exponent).values(goldstein=1e-05))
    session.execute(
        update(Place)
        .where(Place.name == "Gaza City")
        .values(name=ODD, lat=-0.0, lon=34.0, country=None, geonames_id=None)
    )
    session.execute(update(Actor).where(Actor.name == "Hamas").values(name=ODD, code=None))
    session.commit()
    return {"plain": plain, "whole": whole, "exponent": exponent}


def _more_participants(session: Session, event_id: int) -> None:
    """Roles out of order and two of one role: the page lists target, source, other, each by
    row id."""
    event = session.get(Event, event_id)
    assert event is not None
    actors = list(session.execute(select(Actor.id).order_by(Actor.id)).scalars())
    for role, actor in (("other", actors[0]), ("source", actors[1]), ("target", actors[2])):
        session.add(
            EventParticipant(
                event_id=event_id,
                actor_id=actor,
                role=role,
                event_date=event.event_date,
                plover_type=event.plover_type,
            )
        )
    session.commit()


@requires_postgres
def test_pages_written_by_postgresql_are_what_the_models_write(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    ids = _oddities(session)
    _more_participants(session, ids["plain"])
    paths = [
        "/events?actor=Hamas",
        "/events?actor=Hamas&limit=2",
        "/events?actor=Hamas&count=true",
        "/events?actor=Fatah",
        "/events",
        "/events?sort=-confidence",
    ]
    for path in paths:
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.content == _reference(session, resp.content), path
    page = client.get("/events?actor=Hamas").json()["items"]
    plain = next(e for e in page if e["id"] == ids["plain"])
    assert plain["sentence"] == ODD and plain["trigger"] == 'say "no"'
    assert [p["role"] for p in plain["participants"]] == [
        "target",
        "target",
        "source",
        "source",
        "other",
    ]
    assert any(e["place"] and e["place"]["name"] == ODD for e in page)

    # The fragments were used (not the Python fallback) for every event but the one whose
    # goldstein PostgreSQL writes as 1e-05.
    rows, _ = q.page(session, q.EventFilter(actor=["Hamas"]), limit=50, cursor=None)
    assert len(rows) >= 3
    written = {r.id: getattr(r, COLUMN) for r in rows}
    assert written[ids["exponent"]] is None
    assert all(v is not None for k, v in written.items() if k != ids["exponent"])
    assert '"goldstein":-0.0,' in written[ids["whole"]]
    assert '"confidence":1.0,' in written[ids["whole"]]
