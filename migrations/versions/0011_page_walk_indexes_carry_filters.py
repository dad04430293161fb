"""event_participants' actor-date index carries the role, events' confidence index the type

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 01:10:00

Two list pages walk an index in their sort order and test a column the index did not hold, so
every row walked was a visit to the table (measured at 1M events on PostgreSQL):

- `/events?dyad=A,B` walks A's participant rows newest first (ix_event_participants_actor_date)
  and keeps those with B in the opposite role, which needs A's role: 302 rows walked for 51
  kept, each a heap visit (9.4 ms under load, mostly table pages not in shared buffers).
- `/events?sort=-confidence&type=T` walks ix_events_confidence and keeps type T: 1,448 rows
  walked, each a heap visit.

With the column in the index (INCLUDE: not part of the key, so the order and the other
queries' plans are unchanged) both walks are index-only. No index is added, so storing an
event writes the same number of index entries. SQLite has no INCLUDE: nothing changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = (
    (
        "ix_event_participants_actor_date",
        "event_participants",
        "actor_id, event_date, event_id, plover_type",
        "role",
    ),
    ("ix_events_confidence", "events", "confidence, id", "plover_type"),
)


def _rebuild(with_include: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # As in 0010: built beside the old index and swapped in, CONCURRENTLY (a plain DROP +
    # CREATE would lock the table for the whole build), each step safe to rerun.
    with op.get_context().autocommit_block():
        for name, table, key, include in _INDEXES:
            extra = f" INCLUDE ({include})" if with_include else ""
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}_new")
            op.execute(f"CREATE INDEX CONCURRENTLY {name}_new ON {table} ({key}){extra}")
            op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            op.execute(f"ALTER INDEX {name}_new RENAME TO {name}")


def upgrade() -> None:
    _rebuild(with_include=True)


def downgrade() -> None:
    _rebuild(with_include=False)
