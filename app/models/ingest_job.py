from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, Base, CreatedAt, check_in
from app.vocab import BatchState, JobState


class IngestJob(CreatedAt, Base):
    """A batch of articles posted over HTTP or queued by `dyad ingest --queue`. The payload lives
    in the row, so any worker that can reach the database can claim and run the job.

    `batches` is 0 for a job the embedded worker runs whole, else the number of
    `ingest_job_batches` rows sent through the broker. `heartbeat_at` moves while a worker is on
    the job, so a job whose worker died is taken up again instead of staying `running`."""

    __tablename__ = "ingest_jobs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    ingested: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[list[Any]] = mapped_column(JSON)
    errors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    article_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    batches: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    batches_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        check_in("state", JobState),
        Index("ix_ingest_jobs_state_created", "state", "created_at"),
    )


class IngestBatch(Base):
    """Records `first`..`last` (1-based, inclusive) of a job, sent as one broker message; the
    records themselves live here (`payload`), so a worker reads only its own batch.

    `state`: queued -> running -> done, or dead once the broker gave up on it (dead-letter
    queue); `error` says why. `attempts` counts deliveries, `worker` names the last taker."""

    __tablename__ = "ingest_job_batches"

    job_id: Mapped[str] = mapped_column(
        ForeignKey("ingest_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    batch: Mapped[int] = mapped_column(Integer, primary_key=True)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    payload: Mapped[list[Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(8), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    error: Mapped[str | None] = mapped_column(Text)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (check_in("state", BatchState),)


class IngestRecord(Base):
    """The fate of one record of an ingest job. In a batched job a stored article's row is
    written in the same transaction as the article, so a redelivered batch skips exactly the
    records already settled and the job's counts stay exact; the embedded runner writes its
    rows with each progress update (a job it restarts starts over)."""

    __tablename__ = "ingest_job_records"

    job_id: Mapped[str] = mapped_column(
        ForeignKey("ingest_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    record: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ID)
    duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(Text)
