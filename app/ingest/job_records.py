"""One row per settled record of an ingest job (`ingest_job_records`): what both job runners
write as they go, and where a job's error and article lists come from.

Rows cost O(records settled) to write, so progress stays cheap however large the job; the two
lists are read from them while the job runs and stored on the job once, when it ends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.bulk import Writes
from app.ingest.service import Outcome
from app.ingest.upsert import insert_many_ignore, table_of
from app.models import IngestRecord

RECORD_KEYS = ["job_id", "record"]


def record_row(job_id: str, outcome: Outcome) -> dict[str, Any]:
    return {
        "job_id": job_id,
        "record": outcome.record,
        "article_id": outcome.article_id,
        "duplicate": outcome.duplicate,
        "error": outcome.reason,
        "ref": outcome.ref,
    }


def queue_records(writes: Writes, job_id: str, outcomes: list[Outcome]) -> None:
    """`add_records` queued on `writes` (sent with an article's own rows)."""
    rows = [record_row(job_id, o) for o in outcomes]
    writes.insert(table_of(IngestRecord), rows, conflict=RECORD_KEYS)


def add_records(session: Session, job_id: str, outcomes: list[Outcome]) -> None:
    """Record these outcomes; a record already settled keeps its first row."""
    insert_many_ignore(
        session, IngestRecord, [record_row(job_id, o) for o in outcomes], RECORD_KEYS
    )


def job_lists(session: Session, job_id: str) -> tuple[list[Any], list[Any]]:
    """(errors, articles) of a job, from its record rows."""
    rows = session.execute(
        select(
            IngestRecord.record,
            IngestRecord.article_id,
            IngestRecord.duplicate,
            IngestRecord.error,
            IngestRecord.ref,
        )
        .where(IngestRecord.job_id == job_id)
        .order_by(IngestRecord.record)
    ).all()
    errors = [{"record": r, "reason": e} for r, _, _, e, _ in rows if e is not None]
    articles = [
        {"record": r, "article_id": a, "duplicate": d, "id": ref}
        for r, a, d, e, ref in rows
        if e is None
    ]
    return errors, articles
