"""rollups: actor_period_counts (week, month), dyad_period_counts (month), dyad_totals

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:00:00

/stats/actors, /stats/dyads and an actor's timeline by week or month read whole periods from
these instead of counting participant rows; app/ingest/rollups.py keeps them in the same
transaction as the events they count. The backfill below is that module's `rebuild`, written
out in SQL so this revision keeps meaning the same when the module changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _period(dialect: str, grain: str, column: str) -> str:
    if dialect == "postgresql":
        return f"CAST(date_trunc('{grain}', {column}) AS DATE)"
    if grain == "week":
        return f"date({column}, 'weekday 0', '-6 days')"
    return f"strftime('%Y-%m-01', {column})"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "actor_period_counts",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("plover_type", sa.String(length=16), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("as_source", sa.Integer(), nullable=False),
        sa.Column("as_target", sa.Integer(), nullable=False),
        sa.Column("as_other", sa.Integer(), nullable=False),
        sa.CheckConstraint("grain IN ('week', 'month')", name=op.f("ck_actor_period_counts_grain")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_period_counts_actor_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "actor_id", "grain", "period", "plover_type", name=op.f("pk_actor_period_counts")
        ),
    )
    op.create_table(
        "dyad_period_counts",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("plover_type", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["actors.id"],
            name=op.f("fk_dyad_period_counts_source_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["actors.id"],
            name=op.f("fk_dyad_period_counts_target_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source_id",
            "target_id",
            "period",
            "plover_type",
            name=op.f("pk_dyad_period_counts"),
            postgresql_include=["n"],
        ),
    )
    op.create_table(
        "dyad_totals",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["actors.id"],
            name=op.f("fk_dyad_totals_source_id_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["actors.id"],
            name=op.f("fk_dyad_totals_target_id_actors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "target_id", name=op.f("pk_dyad_totals")),
    )
    for grain in ("week", "month"):
        period = _period(dialect, grain, "event_date")
        op.execute(
            "INSERT INTO actor_period_counts (actor_id, grain, period, plover_type, events, "
            "as_source, as_target, as_other) "
            f"SELECT actor_id, '{grain}', {period}, plover_type, count(DISTINCT event_id), "
            "sum(CASE WHEN role = 'source' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN role = 'target' THEN 1 ELSE 0 END), "
            "sum(CASE WHEN role = 'other' THEN 1 ELSE 0 END) "
            f"FROM event_participants GROUP BY actor_id, {period}, plover_type"
        )
    period = _period(dialect, "month", "event_date")
    op.execute(
        "INSERT INTO dyad_period_counts (source_id, target_id, period, plover_type, n) "
        f"SELECT source_id, target_id, {period}, plover_type, count(*) "
        f"FROM event_dyads GROUP BY source_id, target_id, {period}, plover_type"
    )
    op.execute(
        "INSERT INTO dyad_totals (source_id, target_id, n) "
        "SELECT source_id, target_id, count(*) FROM event_dyads GROUP BY source_id, target_id"
    )
    op.create_index(
        "ix_actor_period_counts_period",
        "actor_period_counts",
        ["grain", "period", "plover_type", "actor_id"],
    )
    op.create_index("ix_dyad_period_counts_target", "dyad_period_counts", ["target_id"])
    op.create_index("ix_dyad_totals_n", "dyad_totals", ["n", "source_id", "target_id"])
    op.create_index("ix_dyad_totals_target", "dyad_totals", ["target_id"])


def downgrade() -> None:
    op.drop_index("ix_dyad_totals_target", table_name="dyad_totals")
    op.drop_index("ix_dyad_totals_n", table_name="dyad_totals")
    op.drop_index("ix_dyad_period_counts_target", table_name="dyad_period_counts")
    op.drop_index("ix_actor_period_counts_period", table_name="actor_period_counts")
    op.drop_table("dyad_totals")
    op.drop_table("dyad_period_counts")
    op.drop_table("actor_period_counts")
