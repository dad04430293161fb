"""The database an app serves from, and the request's session.

An app talks to the database bound to it with `bind_database(app, Database.from_url(url))`;
an app with none bound uses the process default built from `DYAD_DATABASE_URL`. Tests and
tools can therefore run several apps against different databases in one process. The
request's session dependency owns the transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import contextmanager_in_threadpool
from sqlalchemy.orm import Session

from app.db import Database, default_database


def bind_database(app: FastAPI, database: Database) -> None:
    """Make `app` use `database` instead of the process default."""
    app.state.database = database


def database_of(app: Any) -> Database:
    """The database bound to `app` (the process default for an app bound to none)."""
    bound: Database | None = getattr(app.state, "database", None)
    return bound if bound is not None else default_database()


def get_database(request: Request) -> Database:
    """The database of the app serving `request`."""
    return database_of(request.app)


async def request_database(request: Request) -> Database:
    """`get_database` as an `async def` dependency (no worker-thread hop to look it up)."""
    return database_of(request.app)


# For endpoints that only read and open `database.read()` themselves, in the worker thread
# that runs their queries: a read has nothing to commit, and FastAPI's handling of a yield
# dependency (an exit stack, a shielded exit on the event loop) cost ~0.2 ms per list page.
DatabaseDep = Annotated[Database, Depends(request_database)]

READ_METHODS = frozenset({"GET", "HEAD"})


@contextmanager
def _transaction(session: Session) -> Iterator[Session]:
    """`session`, committed on success, rolled back on any error, closed either way."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: commit on success, roll back on any error.

    GET and HEAD only read: their session is the database's `reader`, and opening, committing
    and closing it send nothing to the database (autocommit on PostgreSQL, where psycopg's
    commit and rollback of an idle connection return at once; on SQLite a SELECT begins no
    transaction), so that happens here on the event loop instead of costing two worker-thread
    hops per request. The endpoint's queries still run in its worker thread. A write session's
    commit is a round trip and a disk flush, so it is entered and ended on worker threads,
    exactly as FastAPI runs a plain generator dependency."""
    database = get_database(request)
    if request.method in READ_METHODS:
        with _transaction(database.reader()) as session:
            yield session
        return
    async with contextmanager_in_threadpool(_transaction(database.sessionmaker())) as session:
        yield session


# scope="function": the commit runs before the response is sent, so a failed commit becomes an
# error response (503 when the database is gone) instead of a 2xx for data that was never stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
