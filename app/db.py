"""Engine and session factory; the request's session dependency owns the transaction.

An app talks to the database bound to it with `bind_database(app, Database.from_url(url))`;
an app with none bound uses the process default built from `DYAD_DATABASE_URL`. Tests and
tools can therefore run several apps against different databases in one process.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.config import get_settings


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    # WAL lets readers run while a writer ingests; foreign keys are off by default in SQLite.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str, *, timeout: float | None = None) -> Engine:
    """Create an engine for `url`, creating the SQLite file's folder when needed.

    On PostgreSQL, `timeout` (default DYAD_DB_TIMEOUT_SECONDS) bounds how long a request waits to
    connect and to get a pooled connection; a dead server is then an OperationalError (503), not
    a hang. `pool_pre_ping` replaces connections the server dropped, so the same process
    recovers by itself once the server is back.
    """
    parsed = make_url(url)
    timeout = get_settings().db_timeout_seconds if timeout is None else timeout
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_timeout=timeout,
        connect_args={"connect_timeout": max(1, round(timeout))},
    )


@dataclass(frozen=True)
class Database:
    """An engine and the session factory bound to it."""

    engine: Engine
    sessionmaker: sessionmaker[Session]

    @classmethod
    def from_engine(cls, engine: Engine) -> Database:
        return cls(engine, sessionmaker(bind=engine, expire_on_commit=False))

    @classmethod
    def from_url(cls, url: str, *, timeout: float | None = None) -> Database:
        return cls.from_engine(make_engine(url, timeout=timeout))


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def default_database() -> Database:
    return Database.from_engine(get_engine())


def get_sessionmaker() -> sessionmaker[Session]:
    return default_database().sessionmaker


def bind_database(app: FastAPI, database: Database) -> None:
    """Make `app` use `database` instead of the process default."""
    app.state.database = database


def get_database(request: Request) -> Database:
    """The database of the app serving `request`."""
    bound = getattr(request.app.state, "database", None)
    return bound if bound is not None else default_database()


def get_session(request: Request) -> Iterator[Session]:
    """One session per request: commit on success, roll back on any error."""
    session = get_database(request).sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": the commit runs before the response is sent, so a failed commit becomes an
# error response (503 when the database is gone) instead of a 2xx for data that was never stored.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
DatabaseDep = Annotated[Database, Depends(get_database)]
