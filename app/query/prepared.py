"""Prepared page statements run on psycopg's cursor itself, once SQLAlchemy has rendered them.

A statement marked `PREPARED` (see `app.db`) has a fixed text for given values of its
literal parameters (the page size), no result or bind processing on psycopg, and columns that
are plain names. Through `Connection.execute` a page still paid SQLAlchemy's execution layer
every time: the statement cache lookup, the execution context, the result object and its row
wrappers — measured at 1M events, 437 µs of CPU per page against 246 µs for the same SQL and
parameters on the cursor. So the first run of each (statement, literal values) goes through
SQLAlchemy as always, and what it sent (the text, and any constants it bound) is kept; later
runs send that text with the caller's parameters on the connection's own cursor, as
`prepare=True` statements like the `app.db` hook sends them, with the rows sent in PostgreSQL's
binary format: integers, floats, dates and booleans then arrive as their bytes instead of text
to parse (floats through `strtod` were most of reading a page's rows), the same values either
way; text columns are the same bytes in both formats. Rows are psycopg's named tuples:
by position, by attribute and `_fields`, like SQLAlchemy's. Errors are raised as SQLAlchemy's
`DBAPIError` (a lost connection invalidated, so the API still answers 503).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy import Executable
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import PREPARED


@dataclass(frozen=True)
class _Rendered:
    """What SQLAlchemy sent for one statement and one set of literal values."""

    sql: str
    constants: dict[str, Any]  # bound values the statement carries itself
    literals: tuple[str, ...]  # the caller's parameters written into `sql`
    # The rows' named tuple (its names are SQLAlchemy's, which psycopg's equal), made once:
    # psycopg's `namedtuple_row` reads every column's name and hashes them all, on every page.
    row: Any

    def row_maker(self, _cursor: Any) -> Any:
        return self.row._make


# id(statement) -> (statement, names of its literal parameters): the statement is kept so an id
# is never reused while its entry lives. Page statements are built once and cached by
# `app.query.anchored` (a few hundred at most), so this map is bounded by that cache.
_LITERALS: dict[int, tuple[Executable, tuple[str, ...]]] = {}
# (id(statement), literal values) -> what was sent. Every page size is a text of its own (~3 kB):
# a client walking through all 500 sizes on every statement shape must not grow it without end,
# so it starts afresh when full (each entry is re-rendered on its next first run).
_RENDERED: dict[tuple[int, tuple[Any, ...]], _Rendered | None] = {}
MAX_RENDERED = 1024


def fetch(session: Session, stmt: Executable, params: Mapping[str, Any]) -> list[Any]:
    """Rows of `stmt`, a `PREPARED` statement, with `params` (see the module's doc). Other
    statements and other drivers go through SQLAlchemy, unchanged."""
    conn = session.connection()
    driver = conn.connection.driver_connection
    if not stmt.get_execution_options().get(PREPARED) or not isinstance(driver, psycopg.Connection):
        return list(conn.execute(stmt, dict(params)).all())
    known = _LITERALS.get(id(stmt))
    rendered = None
    if known is not None:
        rendered = _RENDERED.get((id(stmt), tuple(params.get(k) for k in known[1])))
    if rendered is None:
        return _first_run(session, stmt, params)
    values = rendered.constants | {k: v for k, v in params.items() if k not in rendered.literals}
    try:
        with driver.cursor(row_factory=rendered.row_maker) as cur:
            cur.execute(rendered.sql, values, prepare=True, binary=True)
            rows = cur.fetchall()
    except psycopg.Error as exc:
        # SQLAlchemy's psycopg dialect calls a connection lost on the same two flags.
        lost = driver.closed or driver.broken
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(
            rendered.sql, values, exc, psycopg.Error, connection_invalidated=lost
        ) from exc
    return rows


def _first_run(session: Session, stmt: Executable, params: Mapping[str, Any]) -> list[Any]:
    """Run `stmt` through SQLAlchemy and keep what it sent, unless psycopg would name the row
    fields differently (then this statement keeps going through SQLAlchemy)."""
    result = session.connection().execute(stmt, dict(params))
    context = result.context
    names = tuple(d[0] for d in context.cursor.description or ())
    rows = list(result.all())
    sent = context.parameters[0] if context.parameters else {}
    if not isinstance(sent, Mapping):  # pragma: no cover - psycopg's paramstyle is named
        return rows
    literals = tuple(sorted(k for k in params if k not in sent))
    _LITERALS[id(stmt)] = (stmt, literals)
    fields = tuple(result.keys())
    if len(_RENDERED) >= MAX_RENDERED:
        _RENDERED.clear()
    usable = names == fields and all(n.isidentifier() and not n.startswith("_") for n in names)
    _RENDERED[(id(stmt), tuple(params.get(k) for k in literals))] = (
        _Rendered(
            sql=context.statement,
            constants={k: v for k, v in sent.items() if k not in params},
            literals=literals,
            row=namedtuple("Row", fields),
        )
        if usable
        else None
    )
    return rows
