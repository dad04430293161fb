"""Prometheus metrics: HTTP traffic here, ingestion counters in app.ingest.metrics."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.api.deps import get_database
from app.models import IngestJob
from app.vocab import JobState

log = logging.getLogger("dyad.metrics")
router = APIRouter(tags=["operations"])

HTTP_REQUESTS = Counter(
    "dyad_http_requests_total",
    "HTTP requests by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "dyad_http_request_duration_seconds",
    "HTTP request latency by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOB_QUEUE = Gauge(
    "dyad_ingest_jobs", "Ingest jobs by state (read from the database at scrape time).", ["state"]
)


def _refresh_job_gauge(factory: sessionmaker[Session]) -> None:
    try:
        with factory() as session:
            rows = session.execute(
                select(IngestJob.state, func.count()).group_by(IngestJob.state)
            ).all()
    except Exception as exc:  # noqa: BLE001 - a scrape must not fail because the database is down
        log.warning("job queue depth unavailable: %s", exc.__class__.__name__)
        return
    counts = dict(rows)
    for state in JobState:
        JOB_QUEUE.labels(state).set(counts.get(state, 0))


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Requests by route template and status, latency histograms, articles and events "
    'ingested, ingest errors, and ingest jobs by state (`dyad_ingest_jobs{state="queued"}` is '
    "the queue depth). Prometheus text exposition format.",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
def metrics(request: Request) -> Response:
    _refresh_job_gauge(get_database(request).sessionmaker)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
