"""`Database.read()`, the list endpoints' session: on PostgreSQL one autocommit connection that
`connection()` hands over without a session transaction (app.db._ConnectionSession). ORM reads
must join that same connection, so a request never holds two, and it goes back to the pool on
exit, also after an error."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app.db import Database, _ConnectionSession
from app.models import Actor
from app.query import events as q
from app.query.event_filter import EventFilter
from tests.api.seeded import seed_more
from tests.conftest import IS_POSTGRES, requires_postgres


@requires_postgres
def test_one_connection_for_orm_and_core_reads(db: Engine, session: Session) -> None:
    seed_more(session)
    session.commit()
    database = Database.from_engine(db)
    before = db.pool.checkedout()  # type: ignore[attr-defined]
    with database.read() as reader:
        first = reader.connection()
        assert first is reader.connection()
        assert db.pool.checkedout() == before + 1  # type: ignore[attr-defined]
        assert reader.execute(text("SHOW transaction_isolation")).scalar_one()
        actor_id = first.execute(select(Actor.id).limit(1)).scalar_one()
        assert reader.get(Actor, actor_id) is not None  # through the session transaction
        assert reader.connection() is first
        rows, _ = q.page(reader, EventFilter(actor=["Hamas"]), limit=2, cursor=None)
        assert rows
        assert db.pool.checkedout() == before + 1  # type: ignore[attr-defined]
        # Autocommit: nothing the page read is left open on the server.
        assert first.connection.driver_connection.autocommit  # type: ignore[union-attr]
    assert db.pool.checkedout() == before  # type: ignore[attr-defined]


@requires_postgres
def test_the_connection_goes_back_after_an_error(db: Engine) -> None:
    database = Database.from_engine(db)
    before = db.pool.checkedout()  # type: ignore[attr-defined]
    with pytest.raises(ZeroDivisionError), database.read() as reader:
        reader.connection().execute(text("SELECT 1"))
        _ = 1 / 0
    assert db.pool.checkedout() == before  # type: ignore[attr-defined]
    with database.read() as reader:  # and the pool still serves
        assert reader.connection().execute(text("SELECT 2")).scalar_one() == 2


@pytest.mark.skipif(IS_POSTGRES, reason="the other databases keep the plain reader session")
def test_elsewhere_it_is_the_reader_session(db: Engine) -> None:
    database = Database.from_engine(db)
    with database.read() as reader:
        assert not isinstance(reader, _ConnectionSession)
        assert reader.connection().execute(text("SELECT 1")).scalar_one() == 1
