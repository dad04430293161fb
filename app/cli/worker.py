"""`dyad worker`: run queued ingest jobs, in this process or under Dramatiq."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.root import app, fail
from app.config import get_settings

if TYPE_CHECKING:  # pragma: no cover
    pass


@app.command()
def worker(
    once: Annotated[bool, typer.Option("--once", help="Run the queued jobs, then exit.")] = False,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes",
            min=1,
            help="With a broker: worker processes, each with its own spaCy model (default: cores).",
        ),
    ] = None,
    threads: Annotated[
        int,
        typer.Option(
            "--threads",
            min=1,
            help="With a broker: batches each process works at once on its one spaCy model "
            "(2: one is stored while the next is extracted).",
        ),
    ] = 2,
) -> None:
    """Work the ingest-job queue: with DYAD_BROKER_URL, Dramatiq worker processes taking batches
    from the broker; without, claim jobs from the database (beside or instead of the embedded
    worker)."""
    import time

    from app.db import get_sessionmaker
    from app.ingest.jobs import claim_next, run_job
    from app.logs import configure_logging

    settings = get_settings()
    if settings.broker_url:
        if once:
            fail("--once works on the database queue; with a broker, workers run until stopped")
        run_dramatiq_workers(processes or os.cpu_count() or 1, threads)
        return
    configure_logging(settings.log_level, settings.log_format)
    factory = get_sessionmaker()
    while True:
        job_id = claim_next(factory, settings.job_stale_seconds)
        if job_id is not None:
            run_job(
                factory,
                job_id,
                max_chars=settings.max_article_chars,
                batch_size=settings.ingest_batch_size,
            )
            continue
        if once:
            return
        time.sleep(settings.job_poll_seconds)


def run_dramatiq_workers(processes: int, threads: int = 2) -> None:
    """Hand over to Dramatiq's own process supervisor: `processes` workers of `threads` threads
    each, sharing the process's one extraction worker (`DYAD_EXTRACT_WORKERS`, default 1).

    Two threads keep that worker busy: while one thread stores its batch (its transactions, the
    job's bookkeeping, the acknowledgement, the next message), the other's batch is being
    extracted, where one thread left the extractor idle for all of that between batches. The
    process prefetches one message per thread, so it holds no more batches than it works on and
    the rest wait in the queue for any machine. A message is still acknowledged only when its
    batch is stored, by the thread that stored it."""
    # Read by dramatiq when it is first imported, so set before any import of it.
    os.environ.setdefault("dramatiq_queue_prefetch", str(threads))
    # One compute thread per extraction worker (inherited by the processes it spawns): the
    # cores are shared out by worker processes, and a BLAS/OpenMP pool per process would
    # only contend with the other workers' extraction.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    from app.ingest.broker import queue_name

    args = make_argument_parser().parse_args(
        [
            "app.ingest.broker_worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
            "--queues",
            queue_name(),
            "--worker-shutdown-timeout",
            "30000",
        ]
    )
    raise typer.Exit(dramatiq_main(args) or 0)
