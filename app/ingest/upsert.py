"""Insert-if-absent that is safe when two writers race for the same natural key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert_ignore(session: Session, model: type, values: dict[str, Any], keys: list[str]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on `keys`; returns True when this call inserted the row."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(model).values(**values).on_conflict_do_nothing(index_elements=keys)
    return bool(session.execute(stmt).rowcount)


def get_or_insert_id(session: Session, model: type, values: dict[str, Any], key: str) -> int:
    """Id of the row whose `key` column equals values[key], inserting `values` when none exists.

    ON CONFLICT DO NOTHING makes the insert a no-op when a concurrent transaction got there
    first (PostgreSQL waits for that transaction, so the select below then sees its row).
    """
    column = getattr(model, key)
    found = session.execute(select(model.id).where(column == values[key])).scalar_one_or_none()
    if found is not None:
        return found
    insert_ignore(session, model, values, [key])
    return session.execute(select(model.id).where(column == values[key])).scalar_one()


def insert_many_ignore(session: Session, model: type, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for many rows as one Core executemany: the statement is
    compiled once and cached, and SQLAlchemy batches the rows into multi-row VALUES itself."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = model.__table__  # type: ignore[attr-defined]
    session.execute(insert(table).on_conflict_do_nothing(index_elements=keys), rows)


def ids_by_key(session: Session, model: type, key: str, values: list[Any]) -> dict[Any, int]:
    column = getattr(model, key)
    found: dict[Any, int] = {}
    for i in range(0, len(values), 400):
        found.update((k, v) for k, v in session.execute(select(column, model.id).where(column.in_(values[i:i + 400]))))
    return found


def get_or_insert_ids(session: Session, model: type, rows: list[dict[str, Any]], key: str) -> dict[Any, int]:
    """Ids for every row's natural `key`, inserting the missing rows in one statement, in the
    given order (so ids follow first appearance, as row-by-row inserts would)."""
    wanted = {row[key]: row for row in rows}
    found = ids_by_key(session, model, key, list(wanted))
    missing = [row for k, row in wanted.items() if k not in found]
    if missing:
        insert_many_ignore(session, model, missing, [key])
        found.update(ids_by_key(session, model, key, [r[key] for r in missing]))
    return found
