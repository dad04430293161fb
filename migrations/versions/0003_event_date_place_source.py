"""events.date_source and events.place_source: where an event's date and place came from

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:20:00

Both are `text` (the event's own sentence), `context` (the clause or sentence it continues) or
`article` (the article's date, dateline or dominant place by default). Rows stored before this
revision keep NULL (unknown) until `dyad reprocess` re-extracts their articles, which fills both.
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
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_source", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("place_source", sa.String(length=8), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_events_date_source"), "date_source IN ('text', 'context', 'article')"
        )
        batch_op.create_check_constraint(
            op.f("ck_events_place_source"), "place_source IN ('text', 'context', 'article')"
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_events_place_source"), type_="check")
        batch_op.drop_constraint(op.f("ck_events_date_source"), type_="check")
        batch_op.drop_column("place_source")
        batch_op.drop_column("date_source")
