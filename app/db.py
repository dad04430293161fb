"""Engines and session factories: `Database` (a writer and a reader session factory over one
engine, with bounded connection pings) and the process default built from `DYAD_DATABASE_URL`.
The HTTP side (which database an app uses, the request's session) is app/api/deps.py.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from app.config import get_settings

if TYPE_CHECKING:  # pragma: no cover - psycopg is imported only when PostgreSQL is used
    import psycopg


def _sqlite_pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers run while a writer ingests; foreign keys are off by default in SQLite.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


# As many connections as the thread pool that runs sync endpoints (anyio's default: 40 threads),
# so load alone never leaves a request waiting on the pool: under load, requests queue for a
# thread instead, and a 503 from the pool means the database itself is slow or gone.
THREADPOOL_SIZE = 40
_POOL = {"pool_size": 10, "max_overflow": THREADPOOL_SIZE - 10}


def make_engine(
    url: str,
    *,
    timeout: float | None = None,
    pool_size: int | None = None,
    max_overflow: int | None = None,
) -> Engine:
    """Create an engine for `url`, creating the SQLite file's folder when needed.

    On PostgreSQL, `timeout` (default DYAD_DB_TIMEOUT_SECONDS) bounds how long a request waits to
    connect, to get a pooled connection and for a pooled connection to answer a ping; a dead or
    hung server is then an OperationalError (503), not a hang. The ping on checkout replaces
    connections the server dropped, so the same process recovers by itself once it is back.
    """
    parsed = make_url(url)
    timeout = get_settings().db_timeout_seconds if timeout is None else timeout
    # Smaller pools are for tests that prove no request holds a connection while it waits.
    pool = {
        "pool_size": _POOL["pool_size"] if pool_size is None else pool_size,
        "max_overflow": _POOL["max_overflow"] if max_overflow is None else max_overflow,
    }
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(
        url,
        **pool,
        pool_timeout=timeout,
        connect_args={
            # Half the budget to connect (libpq's floor is 2 s), half to ping a pooled connection.
            "connect_timeout": max(2, round(timeout / 2)),
            # A peer that vanished from the network (no FIN, no RST): give up on unacknowledged
            # data after the timeout, and probe idle connections, instead of TCP's ~15 minutes.
            "tcp_user_timeout": max(1000, round(timeout * 1000)),
            "keepalives": 1,
            "keepalives_idle": max(1, round(timeout)),
            "keepalives_interval": max(1, round(timeout / 2)),
            "keepalives_count": 2,
            # No automatic server-side prepared statements: after five runs psycopg would
            # prepare any query and PostgreSQL may then switch to a generic plan, which on
            # skewed event data (a few actors in most rows) made dyad and near queries 20-70x
            # slower in bench/query.py. A statement is prepared only when it asks to be
            # (execution option PREPARED; see `_prepared`), so the threshold is never reached.
            **({"prepare_threshold": _NEVER} if parsed.get_driver_name() == "psycopg" else {}),
        },
    )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
        event.listen(engine, "checkout", _bounded_ping(timeout / 2))
        event.listen(engine, "do_execute", _prepared)
    return engine


# psycopg prepares a query after this many runs (None would also refuse `prepare=True`).
_NEVER = 2**62
# Execution option of a statement whose plan does not depend on its parameters' values, so
# PostgreSQL may keep one plan for it per connection: parsed, analysed and planned once.
PREPARED = "dyad_prepared"


def _prepared(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
    """A `do_execute` hook: statements marked PREPARED run as server-side prepared statements
    (the others as always); True tells SQLAlchemy the statement was sent.

    They last because the reader runs in autocommit: psycopg forgets a connection's prepared
    statements when it rolls back a transaction, so on a transactional session they would be
    prepared again on every request (still right, no longer faster)."""
    if not context.execution_options.get(PREPARED):
        return False
    cursor.execute(statement, parameters, prepare=True)
    return True


def _bounded_ping(
    timeout: float,
) -> Callable[[psycopg.Connection[Any], ConnectionPoolEntry, PoolProxiedConnection], None]:
    """A pool checkout hook: an empty query on the pooled connection, answered within `timeout`.

    It replaces `pool_pre_ping`, whose ping waits forever on a server that accepts bytes but never
    answers (a hung or paused server: the kernel still acknowledges the packets). A connection that
    does not answer in time is thrown away and the pool connects afresh, which `connect_timeout`
    bounds; so a request gets its 503 in about the timeout instead of hanging.

    The query is empty, as psycopg_pool's own connection check sends it: the server answers
    without parsing or planning anything (10 µs of its CPU against 15 for `SELECT 1`), and the
    answer still proves the connection's backend is there and responding.
    """
    from psycopg import pq

    def ping(
        dbapi_conn: psycopg.Connection[Any],
        _record: ConnectionPoolEntry,
        _proxy: PoolProxiedConnection,
    ) -> None:
        pg = dbapi_conn.pgconn
        deadline = time.monotonic() + timeout
        try:
            if pg.status != pq.ConnStatus.OK or pg.transaction_status != pq.TransactionStatus.IDLE:
                raise DisconnectionError("connection is not idle and healthy")
            pg.send_query(b"")
            while pg.flush():
                _wait(pg.socket, deadline, write=True)
            while True:
                pg.consume_input()
                if not pg.is_busy():
                    break
                _wait(pg.socket, deadline)
            ok = True
            while (result := pg.get_result()) is not None:
                ok = ok and result.status == pq.ExecStatus.EMPTY_QUERY
            if not ok:
                raise DisconnectionError("ping failed")
        except DisconnectionError:
            raise
        except Exception as exc:
            raise DisconnectionError(f"ping failed: {exc.__class__.__name__}") from exc

    return ping


def _wait(sock: int, deadline: float, *, write: bool = False) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DisconnectionError("the database did not answer in time")
    ready = (
        select.select([], [sock], [], remaining)
        if write
        else select.select([sock], [], [], remaining)
    )
    if not any(ready):
        raise DisconnectionError("the database did not answer in time")


# Named outside the class: inside it, `sessionmaker` is the field below.
SessionFactory: TypeAlias = sessionmaker[Session]


class _ConnectionSession(Session):
    """A read session bound to one pooled connection (`Database.read`). Its `connection()`
    hands that connection over as it is, without the session transaction a session begins
    around it first (that bookkeeping, and closing it, were ~25 µs of a list page's CPU);
    ORM reads (`get`, `execute`) go through the session as always and join the same
    connection, so a request never holds two."""

    def connection(
        self,
        bind_arguments: Any | None = None,
        execution_options: Any | None = None,
    ) -> Connection:
        bind = self.bind
        if (
            bind_arguments is None
            and execution_options is None
            and isinstance(bind, Connection)
            and not self.in_transaction()
        ):
            return bind
        return super().connection(bind_arguments, execution_options)


@dataclass(frozen=True)
class Database:
    """An engine and the session factory bound to it; `reader` is for requests that only read."""

    engine: Engine
    sessionmaker: sessionmaker[Session]
    reader: SessionFactory

    @classmethod
    def from_engine(cls, engine: Engine) -> Database:
        writer = sessionmaker(bind=engine, expire_on_commit=False)
        reader = writer
        if engine.dialect.name == "postgresql":
            # Reads run in autocommit: psycopg's BEGIN and the COMMIT are two round trips of
            # the ~6 of an /events page, and a read-only transaction at READ COMMITTED gives
            # each statement its own snapshot anyway, so they bought no consistency. Same pool.
            reader = sessionmaker(
                bind=engine.execution_options(isolation_level="AUTOCOMMIT"),
                expire_on_commit=False,
            )
        return cls(engine, writer, reader)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for an endpoint that only reads and opens it itself (the list pages).

        On PostgreSQL it is bound to one autocommit connection checked out on entry (see
        `_ConnectionSession`); elsewhere it is `reader()`, as before."""
        bind = self.reader.kw.get("bind")
        if self.engine.dialect.name != "postgresql" or not isinstance(bind, Engine):
            with self.reader() as session:
                yield session
            return
        with (
            bind.connect() as connection,
            _ConnectionSession(bind=connection, expire_on_commit=False) as session,
        ):
            yield session

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        timeout: float | None = None,
        pool_size: int | None = None,
        max_overflow: int | None = None,
    ) -> Database:
        return cls.from_engine(
            make_engine(url, timeout=timeout, pool_size=pool_size, max_overflow=max_overflow)
        )


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def default_database() -> Database:
    return Database.from_engine(get_engine())


def get_sessionmaker() -> sessionmaker[Session]:
    return default_database().sessionmaker
