"""An /events page is written from its rows without EventOut models (app.api.event_json); its
bytes must be exactly what the documented model serialises to, for every kind of event."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Actor, Event
from app.query import events as q
from app.schemas.event import EventPage
from tests.api.seeded import seed_more

# Values whose JSON is easy to get subtly wrong: floats without a short decimal form, a
# negative zero, non-ASCII, quotes, a backslash, control characters and a solidus.
ODD_SENTENCE = 'Hamás "rejected" the\tplan\\ on 1/2 \u2028 day\x01 — said “no”.'
ODD_FLOATS = (0.1 + 0.2, -0.0, 1e-07, 2 / 3)


def _odd(session: Session) -> None:
    first, second = session.execute(select(Event.id).order_by(Event.id).limit(2)).scalars()
    session.execute(
        update(Event)
        .where(Event.id == first)
        .values(sentence_text=ODD_SENTENCE, goldstein=ODD_FLOATS[0], confidence=ODD_FLOATS[2])
    )
    session.execute(
        update(Event)
        .where(Event.id == second)
        .values(goldstein=ODD_FLOATS[1], confidence=ODD_FLOATS[3])
    )
    session.execute(update(Actor).where(Actor.name == "Hamas").values(code="HAM\u00e1S"))
    # Two events at one place: the page makes its object once and shares it (event_json).
    located = session.execute(
        select(Event.id, Event.place_id).where(Event.place_id.is_not(None)).order_by(Event.id)
    ).all()
    session.execute(
        update(Event).where(Event.id == located[1].id).values(place_id=located[0].place_id)
    )
    session.commit()


def _reference(session: Session, body: bytes) -> bytes:
    """The page as the models serialise it: the same events read one by one through
    `to_out` (its own details query), in the page's order, with the page's next and total."""
    page = EventPage.model_validate_json(body)
    events = [q.get(session, item.id) for item in page.items]
    items = q.to_out(session, [e for e in events if e is not None])
    return EventPage(items=items, next=page.next, total=page.total).model_dump_json().encode()


def test_pages_are_byte_for_byte_what_the_models_write(
    client: TestClient, session: Session
) -> None:
    seed_more(session)
    _odd(session)
    hamas = client.get("/actors", params={"q": "hamas"}).json()["items"][0]["id"]
    paths = [
        "/events",
        "/events?limit=2",
        "/events?actor=Hamas&count=true",
        "/events?actor=Hamas&limit=1",
        "/events?sort=-confidence&limit=3",
        "/events?country=PSE",
        "/events?dyad=Hamas,Fatah",
        f"/actors/{hamas}/events",
    ]
    seen_odd = False
    for path in paths:
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"] == "application/json"
        body = resp.content
        assert body == _reference(session, body), path
        assert body == EventPage.model_validate_json(body).model_dump_json().encode(), path
        seen_odd = seen_odd or any(
            e["sentence"] == ODD_SENTENCE and e["goldstein"] == ODD_FLOATS[0]
            for e in resp.json()["items"]
        )
    assert seen_odd
    # The page shows the participants' and places' own fields, not just ids.
    items = client.get("/events?actor=Hamas").json()["items"]
    assert any(p["actor"]["code"] == "HAM\u00e1S" for e in items for p in e["participants"])
    assert any(e["place"] is None for e in client.get("/events").json()["items"])


def test_participants_are_listed_target_source_other_then_by_row_id() -> None:
    stored = (
        '[["source", 1, "A", "group", null, null, 9], ["other", 2, "B", "group", null, null, 1],'
        ' ["target", 3, "C", "state", "EGY", "EGY", 7], ["source", 4, "D", "person", null,'
        ' null, 3], ["target", 5, "E", "state", null, null, 8]]'
    )
    assert [r[1] for r in q.participant_rows(stored)] == [3, 5, 4, 1, 2]
    assert q.participant_rows(None) == []
    # Two participants (most events) are put in order by one comparison: every order of every
    # pair of roles, and one role twice, come out as the sort puts them.
    rows = [["target", 1, 5], ["source", 2, 4], ["other", 3, 6], ["source", 4, 2]]
    for a in rows:
        for b in rows:
            if a is b:
                continue
            pair = [[a[0], a[1], "", "", None, None, a[2]], [b[0], b[1], "", "", None, None, b[2]]]
            expected = sorted(pair, key=lambda r: (r[0], -r[6]), reverse=True)
            assert q.participant_rows([list(r) for r in pair]) == expected


def test_pages_share_places_and_participants_the_bytes_check_covers(
    client: TestClient, session: Session
) -> None:
    """The pages the byte check above reads (seeded, then `_odd`) hold what `event_json` shares
    between the events of a page: one place at two events, one actor in one role at two
    events, and one actor in both roles (a participant is made once per role, not per actor)."""
    seed_more(session)
    _odd(session)
    items = client.get("/events", params={"limit": 100}).json()["items"]
    places = [e["place"]["id"] for e in items if e["place"] is not None]
    assert len(set(places)) < len(places)
    roles = [(p["role"], p["actor"]["id"]) for e in items for p in e["participants"]]
    assert len(set(roles)) < len(roles)
    by_actor: dict[int, set[str]] = {}
    for role, actor in roles:
        by_actor.setdefault(actor, set()).add(role)
    assert any({"source", "target"} <= r for r in by_actor.values())
