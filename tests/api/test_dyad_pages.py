"""A dyad page of one actor and one partner walks the pair's rows in `event_dyads`
(`app.query.dyad_walk`); it must answer what the walk over the first actor's participant rows
answered, page for page: both directions merged in date order, an event holding the pair both
ways listed once, a pair of one actor with itself, dates, cursors, other conditions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from app.extract.records import ParticipantRecord
from app.ingest.store import store_extraction
from app.query import anchored, dyad_walk
from tests import factories as f
from tests.api.page_walk import walk_pages
from tests.api.seeded import seed_more
from tests.conftest import IS_POSTGRES

DYADS: list[dict[str, str]] = [
    {"dyad": "Hamas,Fatah", "limit": "1"},
    {"dyad": "Fatah,Hamas", "limit": "2"},
    {"dyad": "Hamas,Fatah", "directed": "true", "limit": "1"},
    {"dyad": "Fatah,Hamas", "directed": "true", "limit": "1"},
    {"dyad": "Hamas,Hamas", "limit": "1"},
    {"dyad": "Hamas,Hamas", "directed": "true", "limit": "1"},
    {"dyad": "Hamas,Egypt", "limit": "1"},
    {"dyad": "Hamas,Fatah", "date_from": "2018-05-14", "limit": "1"},
    {"dyad": "Hamas,Fatah", "date_to": "2018-05-15", "sort": "date", "limit": "1"},
    {"dyad": "Hamas,Fatah", "type": "ASSAULT", "limit": "1"},
    {"dyad": "Hamas,Fatah", "sort": "date", "limit": "3"},
]


def _both_ways(session: Session) -> None:
    """Events where Hamas and Fatah are each source and target (every pair both ways, and each
    with itself), on one day and the next, so a page boundary falls between and inside them."""
    both = [
        ParticipantRecord(f.HAMAS.key, "source"),
        ParticipantRecord(f.FATAH.key, "source"),
        ParticipantRecord(f.HAMAS.key, "target"),
        ParticipantRecord(f.FATAH.key, "target"),
    ]
    events = [
        replace(
            f.event("CONSULT", None, None, date=day, sentence=i, start=i * 20, end=i * 20 + 10),
            participants=both,
        )
        for i, day in enumerate([dt.date(2018, 5, 14), dt.date(2018, 5, 14), dt.date(2018, 5, 15)])
    ]
    store_extraction(session, f.extraction(actors=[f.HAMAS, f.FATAH], events=events))


def test_dyad_pages_walk_the_pair_and_answer_as_the_participant_walk(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_more(session)
    _both_ways(session)
    session.commit()
    walks = []
    pair_keys = dyad_walk.pair_keys

    def counted(**kw: object) -> object:
        walks.append(kw)
        return pair_keys(**kw)  # type: ignore[arg-type]

    monkeypatch.setattr(dyad_walk, "pair_keys", counted)
    by_pair = walk_pages(client, DYADS)
    assert walks  # the pair's rows were walked
    listed = [item["id"] for b in by_pair for item in json.loads(b)["items"]]
    monkeypatch.setattr(anchored.Anchor, "pair", lambda _self: None)
    anchored._PAGES.clear()
    by_participants = walk_pages(client, DYADS)
    anchored._PAGES.clear()
    assert by_pair == by_participants
    # Every query lists an event once, however many ways it holds the pair.
    assert len(listed) > len(DYADS)


def test_a_pair_both_ways_is_listed_once(client: TestClient, session: Session) -> None:
    _both_ways(session)
    session.commit()
    ids = [
        item["id"]
        for b in walk_pages(client, [{"dyad": "Hamas,Fatah", "limit": "1"}])
        for item in json.loads(b)["items"]
    ]
    assert len(ids) == len(set(ids)) == 3


@pytest.mark.skipif(
    IS_POSTGRES, reason="prepared statements run past SQLAlchemy's events there (same SQL)"
)
def test_a_dyad_page_by_names_is_one_look_up_and_one_page_statement(
    client: TestClient, session: Session, db: Engine
) -> None:
    """Both names are looked up by one statement, and the page's keys and details come from
    another (`dyad_walk`): two statements, whatever the pair."""
    seed_more(session)
    session.commit()
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        sent.append(statement)

    event.listen(db, "before_cursor_execute", record)
    try:
        for _ in range(2):  # the second request runs on statements already built
            sent.clear()
            resp = client.get("/events", params={"dyad": "Fatah,Hamas"})
            assert resp.status_code == 200
            assert [i["type"] for i in resp.json()["items"]] == ["REJECT", "ASSAULT"]
            assert len(sent) == 2, sent
            assert "event_dyads" in sent[1]
        assert client.get("/events", params={"dyad": "Fatah,Nobody"}).json()["param"] == "dyad"
    finally:
        event.remove(db, "before_cursor_execute", record)


def test_a_dyad_count_counts_the_listed_events(client: TestClient, session: Session) -> None:
    """`count=true` on a dyad page counts the pair's events (each once), as the pages list them."""
    seed_more(session)
    _both_ways(session)
    session.commit()
    for params in DYADS:
        listed = {
            item["id"] for b in walk_pages(client, [params]) for item in json.loads(b)["items"]
        }
        total = client.get("/events", params={**params, "count": "true"}).json()["total"]
        assert total == len(listed), params
