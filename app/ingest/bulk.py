"""An article's writes queued, then sent together: on PostgreSQL as one pipeline of set-based
statements, on SQLite as Core executemany in the same order.

Why: psycopg's executemany sends one INSERT per row (a pipeline of N executions, each a server
round of parse, plan and per-statement overhead), and every statement of its own is a round trip
that, on a busy machine, waits for the server process to be scheduled. Here each table's rows go
as one `INSERT … SELECT … FROM json_to_recordset(rows)` (one statement whatever the row count, so
its text never changes), and all of an article's inserts, upserts and rollup updates travel in
one pipeline: one round trip. Ids the children need are taken from the table's sequence first
(`next_ids`), so nothing waits for a RETURNING.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Compiled, Dialect, Table, UpdateBase, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ClauseElement

if TYPE_CHECKING:  # pragma: no cover - psycopg is imported only when PostgreSQL is used
    pass


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def next_ids(session: Session, table: Table, n: int) -> list[int]:
    """`n` fresh ids from the sequence behind `table.id` (PostgreSQL), in one round trip."""
    if n <= 0:
        return []
    seq = func.pg_get_serial_sequence(table.name, "id")
    ids = session.execute(select(func.nextval(seq)).select_from(func.generate_series(1, n)))
    return [int(i) for i in ids.scalars()]


@dataclass(frozen=True)
class _Rows:
    table: Table
    rows: list[dict[str, Any]]
    conflict: tuple[str, ...]  # ON CONFLICT on these columns (none: a plain insert) …
    update: tuple[str, ...]  # … DO UPDATE these from the new row (none: DO NOTHING) …
    add: tuple[str, ...] = ()  # … or add the new row's values to these (counts)


@dataclass(frozen=True)
class _Statement:
    statement: UpdateBase
    params: dict[str, Any]


@dataclass
class Writes:
    """Statements queued in order; `send` runs them all in the caller's transaction."""

    _queue: list[_Rows | _Statement] = field(default_factory=list)

    def insert(
        self,
        table: Table,
        rows: Sequence[dict[str, Any]],
        *,
        conflict: Sequence[str] = (),
        update: Sequence[str] = (),
        add: Sequence[str] = (),
    ) -> None:
        """Insert `rows` (all with the same keys); on a `conflict` of the natural key, skip the
        row or, with `update`, overwrite those columns, or with `add`, add the row's values to
        those. Rows are written in the given order, so callers that sort them take row locks in
        one order (no deadlock between writers)."""
        if rows:
            self._queue.append(_Rows(table, list(rows), tuple(conflict), tuple(update), tuple(add)))

    def execute(self, statement: UpdateBase, params: dict[str, Any]) -> None:
        """Queue `statement` with `params`. Build it once and reuse it (on PostgreSQL its SQL
        is compiled once per statement object); no expanding (IN-list) parameters there."""
        self._queue.append(_Statement(statement, params))

    def send(self, session: Session) -> None:
        queue, self._queue = self._queue, []
        if not queue:
            return
        if is_postgres(session):
            _send_pipeline(session, queue)
            return
        for item in queue:
            if isinstance(item, _Rows):
                session.execute(_sqlite_statement(item), item.rows)
            else:
                session.execute(item.statement, item.params)


def _sqlite_statement(item: _Rows) -> UpdateBase:
    stmt = sqlite_insert(item.table)
    if item.add:
        return stmt.on_conflict_do_update(
            index_elements=list(item.conflict),
            set_={c: item.table.c[c] + stmt.excluded[c] for c in item.add},
        )
    if item.update:
        return stmt.on_conflict_do_update(
            index_elements=list(item.conflict),
            set_={c: stmt.excluded[c] for c in item.update},
        )
    if item.conflict:
        return stmt.on_conflict_do_nothing(index_elements=list(item.conflict))
    return stmt


@cache
def _recordset_insert(
    dialect: Dialect,
    table: Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    update: tuple[str, ...],
    add: tuple[str, ...] = (),
) -> str:
    """INSERT of the rows sent as one JSON array of objects: the same text for any number of
    rows. (It was one array parameter per column: psycopg's list dumper walks every element in
    Python, ~30 % of the store's Python CPU; `json.dumps` writes the whole table in C.)"""
    names = ", ".join(f'"{c}"' for c in columns)
    types = ", ".join(f'"{c}" {table.c[c].type.compile(dialect=dialect)}' for c in columns)
    sql = (
        f"INSERT INTO {table.name} ({names}) SELECT {names} "
        f"FROM json_to_recordset(CAST(%s AS json)) AS r({types})"
    )
    if conflict:
        target = ", ".join(f'"{c}"' for c in conflict)
        sets = [f'"{c}" = EXCLUDED."{c}"' for c in update]
        sets += [f'"{c}" = {table.name}."{c}" + EXCLUDED."{c}"' for c in add]
        action = "UPDATE SET " + ", ".join(sets) if sets else "NOTHING"
        sql += f" ON CONFLICT ({target}) DO {action}"
    return sql


def _json_value(value: object) -> str:
    """Dates (the only non-JSON values in a row) as ISO text, which PostgreSQL reads back."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot send {type(value).__name__} as JSON")


@lru_cache(maxsize=64)
def _compile(dialect: Dialect, statement: ClauseElement) -> Compiled:
    return statement.compile(dialect=dialect)


def rows_insert(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    conflict: Sequence[str] = (),
    update: Sequence[str] = (),
    add: Sequence[str] = (),
) -> tuple[str, list[str]]:
    """The SQL and parameters of one INSERT of `rows` (all with the same keys) on PostgreSQL,
    for `fetch`: the statement `Writes.insert` queues."""
    dialect = session.get_bind().dialect
    sql = _recordset_insert(
        dialect, table, tuple(rows[0]), tuple(conflict), tuple(update), tuple(add)
    )
    return sql, [json.dumps(list(rows), default=_json_value)]


def _compiled(session: Session, item: _Rows | _Statement) -> tuple[str, Any]:
    if isinstance(item, _Rows):
        return rows_insert(
            session, item.table, item.rows, conflict=item.conflict, update=item.update, add=item.add
        )
    compiled = _compile(session.get_bind().dialect, item.statement)
    return compiled.string, compiled.construct_params(item.params)


def fetch(session: Session, reads: Sequence[tuple[ClauseElement | str, Any]]) -> list[list[Any]]:
    """The rows of each statement (none for one that returns none), all sent in one pipeline
    on the session's connection (PostgreSQL only). A statement is a Core construct with its
    parameters (build each once and reuse it: it is compiled once per object) or SQL text with
    its parameters (`rows_insert`)."""
    import psycopg

    conn = _driver_connection(session)
    dialect = session.get_bind().dialect
    cursors = []
    try:
        with conn.pipeline():
            for statement, params in reads:
                if isinstance(statement, str):
                    sql, values = statement, params
                else:
                    compiled = _compile(dialect, statement)
                    sql, values = compiled.string, compiled.construct_params(params)
                cur = conn.cursor()
                cur.execute(sql, values)
                cursors.append(cur)
        return [cur.fetchall() if cur.description is not None else [] for cur in cursors]
    except psycopg.Error as exc:
        raise DBAPIError.instance("(pipelined statements)", None, exc, psycopg.Error) from exc
    finally:
        for cur in cursors:
            cur.close()


def _driver_connection(session: Session) -> Any:
    import psycopg

    conn = session.connection().connection.driver_connection
    if not isinstance(conn, psycopg.Connection):  # pragma: no cover - PostgreSQL is psycopg's
        raise TypeError("the PostgreSQL pipeline needs a psycopg connection")
    return conn


def _send_pipeline(session: Session, queue: list[_Rows | _Statement]) -> None:
    """Every statement in one psycopg pipeline on the session's own connection (so inside its
    transaction); a failure surfaces as SQLAlchemy's error class, as `session.execute` raises."""
    import psycopg

    conn = _driver_connection(session)
    statements = [_compiled(session, item) for item in queue]
    sent: tuple[str, Any] = statements[0]
    try:
        with conn.pipeline(), conn.cursor() as cur:
            for sent in statements:
                cur.execute(sent[0], sent[1])
    except psycopg.Error as exc:
        # The pipeline reports the first failure at its end: `sent` may be a later statement.
        raise DBAPIError.instance(sent[0], sent[1], exc, psycopg.Error) from exc
