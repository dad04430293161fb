"""events.date_source and events.place_source: where an event's date and place came from

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 15:20:00

Both are `text` (the event's own sentence), `context` (the clause or sentence it continues) or
`article` (the article's date, dateline or dominant place by default). Rows stored before this
revision keep NULL (unknown) until `dyad reprocess` re-extracts their articles, which fills both.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS = ("date_source", "place_source")
CHECK = "{column} IN ('text', 'context', 'article')"


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    if _sqlite():
        # ADD COLUMN in place: batch mode would rebuild `events` and lose its full-text triggers.
        for column in COLUMNS:
            op.execute(
                f"ALTER TABLE events ADD COLUMN {column} VARCHAR(8) "
                f"CONSTRAINT ck_events_{column} CHECK ({CHECK.format(column=column)})"
            )
        return
    for column in COLUMNS:
        op.add_column("events", sa.Column(column, sa.String(length=8), nullable=True))
        op.create_check_constraint(
            op.f(f"ck_events_{column}"), "events", CHECK.format(column=column)
        )


def downgrade() -> None:
    for column in reversed(COLUMNS):
        if _sqlite():
            op.execute(f"ALTER TABLE events DROP COLUMN {column}")  # its own CHECK goes with it
            continue
        op.drop_constraint(op.f(f"ck_events_{column}"), "events", type_="check")
        op.drop_column("events", column)
