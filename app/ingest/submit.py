"""Queue an ingest job: through the broker when DYAD_BROKER_URL is set, else the database queue."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.ingest.jobs import create_job
from app.models import IngestJob


class BrokerUnavailable(Exception):
    pass


def submit_job(factory: sessionmaker[Session], records: list[Any], settings: Settings) -> IngestJob:
    """Store the job in its own committed transaction and, with a broker, send one message per
    batch. When the broker cannot take the messages the job is deleted again, so no job waits for
    messages never sent. The returned job is detached (its columns loaded). `settings` name the
    broker (DYAD_BROKER_URL) and the batch size."""
    if not settings.broker_url:
        with factory.begin() as session:
            return create_job(session, records)
    from app.ingest.batches import create_batched_job
    from app.ingest.broker import send_job

    with factory.begin() as session:
        job = create_batched_job(session, records, settings.job_batch_size)
    try:
        send_job(job.id, job.batches)
    except Exception as exc:
        with factory.begin() as session:
            gone = session.get(IngestJob, job.id)
            if gone is not None:
                session.delete(gone)
        raise BrokerUnavailable(
            f"the job broker is unavailable ({exc.__class__.__name__})"
        ) from exc
    return job
