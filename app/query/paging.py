"""Keyset paging by ascending id, for resources without a natural date order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.ids import fits_id
from app.query.cursor import decode_cursor, encode_cursor


def by_id(
    session: Session, stmt: Select[Any], id_column: Any, *, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    if cursor:
        key = decode_cursor(cursor, "id")
        try:
            last = int(key[0])
            if not fits_id(last):
                raise ValueError
        except (ValueError, TypeError, IndexError):
            raise InvalidParameter("cursor is not valid", param="cursor") from None
        stmt = stmt.where(id_column > last)
    rows = list(session.execute(stmt.order_by(id_column).limit(limit + 1)).scalars())
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor("id", [rows[-1].id])
    return rows, None
