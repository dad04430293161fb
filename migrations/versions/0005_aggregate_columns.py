"""aggregates: event type on participants, event_dyads pairs, stored tsvector on PostgreSQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 15:15:00

- `event_participants.plover_type` copies the event's type; the (actor, date, event) index gains
  it, so an actor's timeline by type is an index-only scan.
- `event_dyads` holds every source -> target pair of an event with its date and type, so
  /stats/dyads groups one index instead of joining two participant rows per event.
- PostgreSQL: `events.sentence_tsv`, a stored generated tsvector with its own GIN index and
  column statistics, replaces the expression index: the planner then knows how frequent each
  word is, and a rare word is fetched through the index instead of found by walking the date
  index backwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("plover_type", sa.String(length=16), nullable=False, server_default="")
        )
    if dialect == "postgresql":
        op.execute(
            "UPDATE event_participants ep SET plover_type = e.plover_type "
            "FROM events e WHERE e.id = ep.event_id"
        )
    else:
        op.execute(
            "UPDATE event_participants SET plover_type = "
            "(SELECT plover_type FROM events WHERE events.id = event_participants.event_id)"
        )
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.alter_column("plover_type", server_default=None)
        batch_op.drop_index("ix_event_participants_actor_date")
        batch_op.create_index(
            "ix_event_participants_actor_date",
            ["actor_id", "event_date", "event_id", "plover_type"],
            unique=False,
        )

    op.create_table(
        "event_dyads",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("plover_type", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_dyads_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["actors.id"],
            name=op.f("fk_event_dyads_source_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["actors.id"],
            name=op.f("fk_event_dyads_target_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "source_id", "target_id", name=op.f("pk_event_dyads")),
    )
    op.execute(
        "INSERT INTO event_dyads (event_id, source_id, target_id, event_date, plover_type) "
        "SELECT s.event_id, s.actor_id, t.actor_id, s.event_date, s.plover_type "
        "FROM event_participants s JOIN event_participants t "
        "ON t.event_id = s.event_id AND t.role = 'target' WHERE s.role = 'source'"
    )
    with op.batch_alter_table("event_dyads", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_dyads_date_pair",
            ["event_date", "source_id", "target_id", "plover_type"],
            unique=False,
        )
        batch_op.create_index("ix_event_dyads_source", ["source_id"], unique=False)
        batch_op.create_index("ix_event_dyads_target", ["target_id"], unique=False)

    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_fts")
        op.execute(
            "ALTER TABLE events ADD COLUMN sentence_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, sentence_text)) STORED"
        )
        op.execute("ALTER TABLE events ALTER COLUMN sentence_tsv SET STATISTICS 1000")
        op.execute("CREATE INDEX ix_events_fts ON events USING gin (sentence_tsv)")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_events_fts")
        op.execute("ALTER TABLE events DROP COLUMN sentence_tsv")
        op.execute(
            "CREATE INDEX ix_events_fts ON events USING gin (to_tsvector('english', sentence_text))"
        )
    with op.batch_alter_table("event_dyads", schema=None) as batch_op:
        batch_op.drop_index("ix_event_dyads_target")
        batch_op.drop_index("ix_event_dyads_source")
        batch_op.drop_index("ix_event_dyads_date_pair")
    op.drop_table("event_dyads")
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.drop_index("ix_event_participants_actor_date")
        batch_op.create_index(
            "ix_event_participants_actor_date", ["actor_id", "event_date", "event_id"], unique=False
        )
        batch_op.drop_column("plover_type")
