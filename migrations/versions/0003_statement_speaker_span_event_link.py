"""statements: speaker span and text, link to the speech-act event

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:40:00

A statement keeps where its speaker is named in the text ("he", "the newspaper") even when no
actor is known, and points to the speech-act event (ACCUSE, REQUEST ...) whose content it is.
The one link serves both directions: /events finds an event's statement through its index.
Existing rows get nulls (re-extract to fill them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


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


def downgrade() -> None:
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_event_id")
        batch_op.drop_constraint(batch_op.f("fk_statements_event_id_events"), type_="foreignkey")
        batch_op.drop_column("event_id")
        batch_op.drop_column("speaker_text")
        batch_op.drop_column("speaker_end")
        batch_op.drop_column("speaker_start")
