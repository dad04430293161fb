"""Prepared page statements run on psycopg's cursor once SQLAlchemy has rendered them
(app.query.prepared): the pages must be the bytes SQLAlchemy's rows give, and a lost
connection must still be SQLAlchemy's invalidated DBAPIError (the API's 503)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.query import prepared
from tests.api.page_walk import walk_pages
from tests.api.seeded import seed_more
from tests.conftest import requires_postgres

PAGES = [
    {"actor": "Hamas", "limit": "1"},
    {"actor": "hamas", "limit": "2"},
    {"actor": "Hamas", "limit": "50"},
    {"actor": "Hamas", "actor_role": "source", "limit": "2"},
    {"actor": "Hamas", "date_from": "2018", "limit": "1"},
]


class _NeverKept(dict[Any, Any]):
    """A `_RENDERED` that keeps nothing: every run goes through SQLAlchemy."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


@pytest.fixture
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(prepared, "_RENDERED", {})
    monkeypatch.setattr(prepared, "_LITERALS", {})
    yield


@requires_postgres
@pytest.mark.usefixtures("fresh_caches")
def test_pages_on_the_cursor_are_the_bytes_of_sqlalchemy_rows(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_more(session)
    session.commit()
    first_runs = []
    through_sqlalchemy = prepared._first_run

    def counted(*args: Any) -> list[Any]:
        first_runs.append(args)
        return through_sqlalchemy(*args)

    monkeypatch.setattr(prepared, "_first_run", counted)
    walk_pages(client, PAGES)  # renders each (statement, page size) once
    rendered = len(first_runs)
    fast = walk_pages(client, PAGES)
    assert len(first_runs) == rendered, "a rendered statement went through SQLAlchemy again"
    assert len(fast) > len(PAGES)  # some queries have several pages
    assert any(v is not None for v in prepared._RENDERED.values())

    monkeypatch.setattr(prepared, "_RENDERED", _NeverKept())
    slow = walk_pages(client, PAGES)
    assert len(first_runs) > rendered
    assert fast == slow


@requires_postgres
@pytest.mark.usefixtures("fresh_caches")
def test_the_rendered_statements_stay_bounded(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page size is a statement text of its own: a client asking for many sizes must not
    grow the kept texts past the bound, and pages stay right when they are dropped."""
    seed_more(session)
    session.commit()
    monkeypatch.setattr(prepared, "MAX_RENDERED", 3)
    pages = {}
    for _ in range(2):
        for limit in range(1, 9):
            resp = client.get("/events", params={"actor": "Hamas", "limit": str(limit)})
            assert resp.status_code == 200
            assert pages.setdefault(limit, resp.content) == resp.content
            assert len(prepared._RENDERED) <= 3
    assert len(pages[8]) > len(pages[1])


@requires_postgres
@pytest.mark.usefixtures("fresh_caches")
def test_a_lost_connection_is_an_invalidated_dbapi_error(db: Engine, session: Session) -> None:
    from app.db import Database
    from app.query import events as q
    from app.query.event_filter import EventFilter

    seed_more(session)
    session.commit()
    database = Database.from_engine(db)
    f = EventFilter(actor=["Hamas"])
    with database.reader() as reader:
        assert q.page(reader, f, limit=2, cursor=None)[0]  # rendered
        rows, _ = q.page(reader, f, limit=2, cursor=None)
        assert not hasattr(rows[0], "_mapping")  # psycopg's rows: the cursor path ran
        pid = reader.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(DBAPIError) as lost:
            q.page(reader, f, limit=2, cursor=None)
    assert lost.value.connection_invalidated
