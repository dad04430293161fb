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
