"""On PostgreSQL a page that is not one actor's range is found in two statements: its ids and
keys (planned for the values), then its events and details by id (one prepared statement,
`app.query.event_details.by_ids`). The pages must be the bytes the one joined statement gives,
an event gone between the two statements must not shorten a page, and a count by one actor's
name must be the count of the look-up's actor."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.query import anchored, event_details, events
from tests.api.page_walk import walk_pages
from tests.api.seeded import seed_more
from tests.conftest import requires_postgres

# Shapes that are not prepared actor pages: filters on the events row, places, text, dyads
# (one pair's page is prepared since migration 0012; tests/api/test_dyad_pages.py compares it
# with the participant walk), the confidence sort, and a page size that pages.
PAGES: list[dict[str, str]] = [
    {"limit": "2"},
    {"type": "PROTEST", "limit": "1"},
    {"place": "Gaza Strip", "limit": "1"},
    {"place": "palestine", "date_from": "2018-01-01", "limit": "1"},
    {"country": "PSE", "limit": "2"},
    {"bbox": "30,20,40,40", "limit": "1"},
    {"near": "31.5,34.45", "radius_km": "50", "limit": "1"},
    {"q": "ceasefire", "limit": "1"},
    {"dyad": "Hamas,Fatah", "limit": "1"},
    {"dyad": "Hamas,Egypt", "directed": "true", "limit": "1"},
    {"source": "Hamas", "target": "Egypt", "limit": "1"},
    {"sort": "-confidence", "limit": "2"},
    {"sort": "confidence", "negated": "false", "limit": "1"},
    {"actor": "Hamas", "type": "REJECT", "limit": "1"},
]


def _one_statement(
    session: Session, limited: Any, descending: bool, params: Any = None
) -> list[Any]:
    return event_details.fetch(
        session, event_details.with_details(session, limited, descending), params
    )


@requires_postgres
def test_pages_by_id_are_the_bytes_of_one_statement(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_more(session)
    session.commit()
    by_id_runs = []
    fetch = event_details.fetch

    def counted(session: Session, stmt: Any, params: Any = None) -> list[Any]:
        if stmt is event_details.by_ids():
            by_id_runs.append(params)
        return fetch(session, stmt, params)

    monkeypatch.setattr(event_details, "fetch", counted)
    two = walk_pages(client, PAGES)
    assert len(by_id_runs) >= len(PAGES) - 1  # every page with events went by id
    assert len(two) > len(PAGES)  # some queries have several pages
    assert sum(b'"items":[]' in b for b in two) < len(two) // 2
    monkeypatch.setattr(events, "page_rows", _one_statement)
    monkeypatch.setattr(anchored, "page_rows", _one_statement)
    assert walk_pages(client, PAGES) == two


@requires_postgres
def test_an_event_gone_between_the_statements_does_not_shorten_the_page(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_more(session)
    session.commit()
    whole = client.get("/events", params={"limit": "3"}).content
    fetch = event_details.fetch

    def one_lost(session: Session, stmt: Any, params: Any = None) -> list[Any]:
        rows = fetch(session, stmt, params)
        return rows[1:] if stmt is event_details.by_ids() else rows

    monkeypatch.setattr(event_details, "fetch", one_lost)
    assert client.get("/events", params={"limit": "3"}).content == whole


@requires_postgres
def test_a_count_by_name_counts_the_named_actor(client: TestClient, session: Session) -> None:
    seed_more(session)
    session.commit()
    for params in ({"actor": "Hamas"}, {"actor": "hamas", "actor_role": "source"}):
        by_name = client.get("/events", params={**params, "count": "true"}).json()
        actor_id = client.get("/actors", params={"q": "Hamas"}).json()["items"][0]["id"]
        by_id = client.get(
            "/events", params={**params, "actor": str(actor_id), "count": "true"}
        ).json()
        assert by_name["total"] == by_id["total"] > 0
    unknown = client.get("/events", params={"actor": "Nobody At All", "count": "true"})
    assert unknown.status_code == 422


@requires_postgres
def test_the_walked_indexes_hold_the_columns_the_walks_test(session: Session) -> None:
    """A dyad page walks ix_event_participants_actor_date testing the row's role, a type page
    sorted by confidence walks ix_events_confidence testing the type (migration 0011): with
    the column in the index both walks are index-only."""
    defs = dict(
        session.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                "('ix_event_participants_actor_date', 'ix_events_confidence')"
            )
        ).all()
    )
    assert defs["ix_event_participants_actor_date"].endswith(
        "(actor_id, event_date, event_id, plover_type) INCLUDE (role)"
    )
    assert defs["ix_events_confidence"].endswith("(confidence, id) INCLUDE (plover_type)")
