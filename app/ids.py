"""Ids: positive 64-bit integers on every database (BIGINT on PostgreSQL, the rowid on SQLite,
never handed out twice). The one place that says how large an id can be; anything larger names
nothing and must be refused before it reaches a driver (which would overflow: a 500)."""

from __future__ import annotations

MAX_ID = 2**63 - 1


def fits_id(n: int) -> bool:
    """Whether `n` can be compared with an id column without overflowing the driver."""
    return 0 <= n <= MAX_ID
