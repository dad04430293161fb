"""event_dyads: one index on (source, target, date, event) replaces the one on source alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 07:20:00

A dyad page (`/events?dyad=A,B`) walked A's participant rows newest first and probed, for
each, whether B took the opposite role in the same event. How many rows it walked depended on
how often B appears beside A: at 1M events `dyad=Hamas,Egypt` walked 302 rows (907 buffers,
1.9 ms, and 0.8 ms of planning per request) for 51 events, and a rarer partner
(`Hamas,Actor 300`) took a different plan reading 2,100 buffers (22 ms). `event_dyads` already
holds every source -> target pair of an event with its date: with an index on (source_id,
target_id, event_date, event_id) the page is one backward range scan of the pair's rows (two,
merged, when the direction is open), whatever the pair, and its plan is the same for every
pair, so the statement is prepared.

The index has source_id first, so it serves every look-up the index on source_id alone
served (the foreign key's cascade from actors, /stats/dyads by source); that one is dropped,
and storing a pair writes as many index entries as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PAIR = ("ix_event_dyads_pair_date", "source_id, target_id, event_date, event_id")
_SOURCE = ("ix_event_dyads_source", "source_id")


def _swap(new: tuple[str, str], old: tuple[str, str]) -> None:
    """Build `new` (name, columns) on event_dyads, then drop `old`."""
    (name, columns), (old_name, _) = new, old
    if op.get_bind().dialect.name != "postgresql":
        op.create_index(name, "event_dyads", [c.strip() for c in columns.split(",")])
        op.drop_index(old_name, table_name="event_dyads")
        return
    # As in 0010/0011: CONCURRENTLY, so reads and writes of event_dyads go on during the build;
    # each step may be rerun after an interruption (a half-built index is dropped first).
    with op.get_context().autocommit_block():
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        op.execute(f"CREATE INDEX CONCURRENTLY {name} ON event_dyads ({columns})")
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {old_name}")


def upgrade() -> None:
    _swap(_PAIR, _SOURCE)


def downgrade() -> None:
    _swap(_SOURCE, _PAIR)
