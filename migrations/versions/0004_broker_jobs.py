"""broker jobs (batches, per-record outcomes, heartbeats) and shared rate-limit buckets

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 14:50:00

A job sent through the broker is split into `ingest_job_batches`; every settled record gets an
`ingest_job_records` row (written with its article), so a redelivered batch adds nothing twice.
`heartbeat_at` lets a worker take up a job whose worker died. `rate_limit_buckets` holds the
token buckets that all API processes share when no Redis is configured.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batches", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("batches_done", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "ingest_job_batches",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('queued', 'running', 'done', 'dead')",
            name=op.f("ck_ingest_job_batches_state"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["ingest_jobs.id"],
            name=op.f("fk_ingest_job_batches_job_id_ingest_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "batch", name=op.f("pk_ingest_job_batches")),
    )
    op.create_table(
        "ingest_job_records",
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("record", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("duplicate", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("ref", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["ingest_jobs.id"],
            name=op.f("fk_ingest_job_records_job_id_ingest_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "record", name=op.f("pk_ingest_job_records")),
    )

    op.create_table(
        "rate_limit_buckets",
        sa.Column("identity", sa.String(length=80), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("identity", name=op.f("pk_rate_limit_buckets")),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_buckets")
    op.drop_table("ingest_job_records")
    op.drop_table("ingest_job_batches")
    with op.batch_alter_table("ingest_jobs", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("batches_done")
        batch_op.drop_column("batches")
