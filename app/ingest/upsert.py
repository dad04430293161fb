"""Insert-if-absent that is safe when two writers race for the same natural key."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import Select, Table, any_, bindparam, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.ingest.bulk import fetch, rows_insert
from app.models import Base


def table_of(model: type[Base]) -> Table:
    """The Core table a model maps (typed as the wider FromClause on the declarative class)."""
    table = model.__table__
    if not isinstance(table, Table):  # pragma: no cover - every Dyad model maps one Table
        raise TypeError(f"{model.__name__} does not map a Table")
    return table


def insert_ignore(
    session: Session, model: type[Base], values: dict[str, Any], keys: list[str]
) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING on `keys`; the new row's id, or None when it existed.

    Decided by RETURNING, not by rowcount: through the ORM on PostgreSQL rowcount can be -1,
    which would make every racer believe it inserted."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = table_of(model)
    stmt = (
        insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(table.c.id)
    )
    new_id: int | None = session.execute(stmt).scalar_one_or_none()
    return new_id


_LOCK_KEYS = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(CAST(:keys AS text[])) AS k"
)


def _lock_params(namespace: str, keys: list[str]) -> dict[str, list[str]]:
    return {"keys": [f"{namespace}:{key}" for key in sorted(set(keys))]}


def lock_keys(session: Session, namespace: str, keys: list[str]) -> None:
    """On PostgreSQL take transaction-scoped advisory locks on `keys` in sorted order, so two
    writers that meet the same new entities in different orders queue instead of deadlocking.
    One statement: unnest hands the sorted keys to the lock function in array order.
    (SQLite serialises writers already.)"""
    if session.get_bind().dialect.name != "postgresql" or not keys:
        return
    session.execute(_LOCK_KEYS, _lock_params(namespace, keys))


def get_or_insert_id(session: Session, model: type[Base], values: dict[str, Any], key: str) -> int:
    """Id of the row whose `key` column equals values[key], inserting `values` when none exists.

    ON CONFLICT DO NOTHING makes the insert a no-op when a concurrent transaction got there
    first (PostgreSQL waits for that transaction, so the select below then sees its row).
    """
    table = table_of(model)
    column = table.c[key]
    found: int | None = session.execute(
        select(table.c.id).where(column == values[key])
    ).scalar_one_or_none()
    if found is not None:
        return found
    insert_ignore(session, model, values, [key])
    stored: int = session.execute(select(table.c.id).where(column == values[key])).scalar_one()
    return stored


def insert_many_ignore(
    session: Session, model: type[Base], rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """INSERT … ON CONFLICT DO NOTHING for many rows as one Core executemany: the statement is
    compiled once and cached, and SQLAlchemy batches the rows into multi-row VALUES itself."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = table_of(model)
    session.execute(insert(table).on_conflict_do_nothing(index_elements=keys), rows)


def ids_by_key(session: Session, model: type[Base], key: str, values: list[Any]) -> dict[Any, int]:
    """Ids of the rows whose `key` column holds one of `values`."""
    table = table_of(model)
    column = table.c[key]
    found: dict[Any, int] = {}
    if values and session.get_bind().dialect.name == "postgresql":
        # `= ANY(array)`: one statement text however many values, compiled once; an IN list's
        # text changes with its length, so each store's half-dozen lookups were compiled anew.
        found.update((k, v) for k, v in session.execute(any_lookup(table, key), {"keys": values}))
        return found
    for i in range(0, len(values), 400):
        found.update(
            (k, v)
            for k, v in session.execute(
                select(column, table.c.id).where(column.in_(values[i : i + 400]))
            )
        )
    return found


@functools.cache
def any_lookup(table: Table, key: str) -> Select[tuple[Any, int]]:
    column = table.c[key]
    keys = bindparam("keys", type_=postgresql.ARRAY(column.type))
    return select(column, table.c.id).where(column == any_(keys))


def get_or_insert_ids(
    session: Session,
    model: type[Base],
    rows: list[dict[str, Any]],
    key: str,
    known: dict[Any, int] | None = None,
) -> dict[Any, int]:
    """Ids for every row's natural `key`, inserting the missing rows in one statement, in the
    given order (so ids follow first appearance, as row-by-row inserts would). `known`: ids
    already read for (at least) these keys, which spares the first lookup."""
    wanted = {row[key]: row for row in rows}
    if known is None:
        found = ids_by_key(session, model, key, list(wanted))
    else:
        found = {k: known[k] for k in wanted if k in known}
    missing = [row for k, row in wanted.items() if k not in found]
    if missing and session.get_bind().dialect.name == "postgresql":
        found.update(_insert_missing(session, model, missing, key))
        return found
    if missing:
        # Lock in sorted order, then re-read: a writer we waited for may have stored some.
        lock_keys(session, table_of(model).name, [r[key] for r in missing])
        found.update(ids_by_key(session, model, key, [r[key] for r in missing]))
        missing = [r for r in missing if r[key] not in found]
    if missing:
        insert_many_ignore(session, model, missing, [key])
        found.update(ids_by_key(session, model, key, [r[key] for r in missing]))
    return found


def _insert_missing(
    session: Session, model: type[Base], rows: list[dict[str, Any]], key: str
) -> dict[Any, int]:
    """PostgreSQL: the locks, the insert (rows a writer we waited for stored are skipped by ON
    CONFLICT) and the ids, as one pipeline: one round trip where they were four ORM executes.
    Three statements, not one: each takes its snapshot after the locks are granted, so the
    read sees what a writer we waited for committed."""
    table = table_of(model)
    keys = [r[key] for r in rows]
    results = fetch(
        session,
        [
            (_LOCK_KEYS, _lock_params(table.name, keys)),
            rows_insert(session, table, rows, conflict=[key]),
            (any_lookup(table, key), {"keys": keys}),
        ],
    )
    return {k: int(i) for k, i in results[2]}
