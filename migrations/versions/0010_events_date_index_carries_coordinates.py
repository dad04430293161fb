"""events: ix_events_date_id carries lat and lon (PostgreSQL)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 23:45:00

A bbox or near page with no narrower condition walks ix_events_date_id newest first until it
has a page of events inside the area. Measured at 1M events (`/events?bbox=0,0,20,20`): 2,999
rows read to keep 51, each a heap visit, 3,003 buffers and 6.7-17 ms; with the coordinates in
the index the walk is an index-only scan, 0.2 ms, and the page statement 1-2 ms. The index grows
from 30 to 46 MB; the month timeline, which read all of it, now reads ix_events_country_date
(every event's date too, and smaller) and measured the same. SQLite has no INCLUDE: nothing
changes there.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _index(include: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Built beside the old index and swapped in, CONCURRENTLY: a plain DROP + CREATE would hold
    # an exclusive lock on events, the biggest table, for the whole build, stopping every read
    # and write. CONCURRENTLY cannot run inside a transaction, hence the autocommit block.
    # Every step may be rerun after an interruption: a half-built index of the new name is
    # dropped first, and the old one may already be gone.
    with op.get_context().autocommit_block():
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_events_date_id_new")
        op.execute(
            f"CREATE INDEX CONCURRENTLY ix_events_date_id_new ON events (event_date, id){include}"
        )
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_events_date_id")
        op.execute("ALTER INDEX ix_events_date_id_new RENAME TO ix_events_date_id")


def upgrade() -> None:
    _index(" INCLUDE (lat, lon)")


def downgrade() -> None:
    _index("")
