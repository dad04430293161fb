"""statements: speaker span and text, link to the speech-act event

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:40:00

A statement keeps where its speaker is named in the text ("he", "the newspaper") even when no
actor is known, and points to the speech-act event (ACCUSE, REQUEST ...) whose content it is.
The one link serves both directions: /events finds an event's statement through its index.
Existing rows get nulls (re-extract to fill them). On SQLite the batch alter rebuilds the table,
which drops its triggers: the full-text triggers of migration 0001 are made again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _statement_fts_triggers() -> None:
    """Migration 0001's triggers keeping `statements_fts` in step (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    fts = "statements_fts"
    for suffix in ("ai", "ad", "au"):
        op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    op.execute(
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON statements BEGIN "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON statements BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text); END"
    )
    op.execute(
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF text ON statements BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, old.text); "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, new.text); END"
    )


def upgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("speaker_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("speaker_text", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_statements_event_id_events"),
            "events",
            ["event_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_statements_event_id", ["event_id"], unique=False)
    _statement_fts_triggers()


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_event_id")
        batch_op.drop_constraint(batch_op.f("fk_statements_event_id_events"), type_="foreignkey")
        batch_op.drop_column("event_id")
        batch_op.drop_column("speaker_text")
        batch_op.drop_column("speaker_end")
        batch_op.drop_column("speaker_start")
    _statement_fts_triggers()
