"""Batch ingestion over HTTP: POST /ingest-jobs queues a job, GET /ingest-jobs/{id} follows it.

Jobs live in the database (`app.ingest.jobs`). Without a broker the API process runs one embedded
worker thread (when DYAD_JOB_WORKER is true) and `dyad worker` processes can claim jobs as well;
with DYAD_BROKER_URL set, a job is split into batches sent through the broker
(`app.ingest.broker`) and only `dyad worker` processes run them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response, status

from app.api.deps import SessionDep, database_of, get_database
from app.api.ingest import PROBLEM, WRITE_ERRORS
from app.api.settings import request_settings, settings_of
from app.errors import InvalidParameter, NotFound, PayloadTooLarge, ServiceUnavailable
from app.ingest.job_records import job_lists
from app.ingest.jobs import InvalidJobBody, JobWorker, parse_job_body
from app.ingest.submit import BrokerUnavailable, submit_job
from app.models import IngestJob
from app.schemas.ingest import JobOut
from app.vocab import JobState

router = APIRouter(tags=["ingestion"])


async def raw_body(request: Request) -> bytes:
    # Read here (async) so the endpoint itself can run in the thread pool; the body cap has
    # already been enforced on the stream by BodyLimitMiddleware.
    return await request.body()


def job_out(job: IngestJob, lists: tuple[list[Any], list[Any]] | None = None) -> JobOut:
    errors, articles = lists or (job.errors or [], job.article_ids or [])
    return JobOut(
        id=job.id,
        state=JobState(job.state),
        total=job.total,
        done=job.done,
        progress=round(job.done / job.total, 4) if job.total else 1.0,
        ingested=job.ingested,
        duplicates=job.duplicates,
        failed=job.failed,
        batches=job.batches,
        batches_done=job.batches_done,
        errors=errors,
        articles=articles,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


JOB_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A JSON array of articles, or JSONL (`application/x-ndjson`): one object "
        "per line with `text`, `date` (or `published`), optional `title`, `url`, `source`, `id`.",
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


@router.post(
    "/ingest-jobs",
    response_model=JobOut,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue a batch of articles for ingestion",
    description="Answers 202 at once with the job (and its `Location`); records are validated and "
    "ingested in the background, bad ones reported per record in the job. Needs a write key. "
    "Limits: at most `DYAD_MAX_JOB_ARTICLES` records (default 10,000) and `DYAD_MAX_BODY_BYTES` "
    "bytes (default 5,000,000), else 413; each text at most `DYAD_MAX_ARTICLE_CHARS` characters, "
    "else that record fails.",
    openapi_extra=JOB_BODY,
    responses={
        413: {**PROBLEM, "description": "Too many records or body too large"},
        422: {**PROBLEM, "description": "Body is neither a JSON array nor JSONL"},
        503: {**PROBLEM, "description": "The job broker (DYAD_BROKER_URL) is unreachable"},
        **WRITE_ERRORS,
    },
)
def post_job(
    request: Request,
    response: Response,
    body: Annotated[bytes, Depends(raw_body)],
) -> JobOut:
    try:
        records = parse_job_body(body, request.headers.get("content-type", ""))
    except InvalidJobBody as exc:
        raise InvalidParameter(str(exc), param="body") from None
    if not records:
        raise InvalidParameter("the job holds no records", param="body")
    limit = request_settings(request).max_job_articles
    if len(records) > limit:
        raise PayloadTooLarge(
            f"job holds {len(records)} records; the limit is {limit} (DYAD_MAX_JOB_ARTICLES)"
        )
    try:
        # Committed by submit_job itself (before any broker message is sent), not by a session
        # of this request.
        job = submit_job(get_database(request).sessionmaker, records, request_settings(request))
    except BrokerUnavailable as exc:
        raise ServiceUnavailable(f"{exc}; try again later") from None
    response.headers["Location"] = f"/ingest-jobs/{job.id}"
    worker: JobWorker | None = getattr(request.app.state, "job_worker", None)
    if worker is not None:
        worker.wake()
    return job_out(job)


@router.get(
    "/ingest-jobs/{job_id}",
    response_model=JobOut,
    summary="An ingest job's state, counts, progress and per-record errors",
    responses={404: {**PROBLEM, "description": "No such job"}},
)
def get_job(
    job_id: Annotated[
        str,
        Path(
            max_length=64,
            description="The job's id, from the `Location` header or `id` field of the POST "
            "/ingest-jobs answer.",
        ),
    ],
    session: SessionDep,
) -> JobOut:
    job = session.get(IngestJob, job_id)
    if job is None:
        raise NotFound(f"no ingest job with id {job_id}", param="job_id")
    if job.finished_at is None:
        # A job stores its lists once, at the end; until then they are its record rows.
        return job_out(job, job_lists(session, job.id))
    return job_out(job)


def install_worker(app: FastAPI) -> None:
    """Run the embedded job worker for the app's lifetime (when DYAD_JOB_WORKER is true)."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        settings = settings_of(app)
        worker = None
        # With a broker, jobs run in `dyad worker` processes: the API process only serves.
        if settings.job_worker and not settings.broker_url:
            database = database_of(app)
            worker = JobWorker(
                database.sessionmaker,
                poll_seconds=settings.job_poll_seconds,
                stale_seconds=settings.job_stale_seconds,
                max_chars=settings.max_article_chars,
                batch_size=settings.ingest_batch_size,
            )
            worker.start()
            app.state.job_worker = worker
        try:
            async with inner(a) as state:
                yield state
        finally:
            if worker is not None:
                worker.stop()
                app.state.job_worker = None

    app.router.lifespan_context = lifespan
