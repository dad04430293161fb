"""query indexes: covering (event_id, actor_id, role) for participant probes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 14:40:00

Dyad and role filters probe "does actor B take part in event E in role R"; with all three
columns in one index the probe is an index-only lookup instead of a heap fetch per row.
The index also serves every lookup the old (event_id) index did, so it replaces it.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_participants_event_actor_role", ["event_id", "actor_id", "role"], unique=False
        )
        batch_op.drop_index("ix_event_participants_event_id")


def downgrade() -> None:
    with op.batch_alter_table("event_participants", schema=None) as batch_op:
        batch_op.create_index("ix_event_participants_event_id", ["event_id"], unique=False)
        batch_op.drop_index("ix_event_participants_event_actor_role")
