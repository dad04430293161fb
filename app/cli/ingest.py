"""`dyad ingest`: files or stdin into the database, here or as a queued job."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from sqlalchemy import func, select

from app.cli.root import app, err, fail
from app.config import get_settings

if TYPE_CHECKING:  # pragma: no cover
    pass


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files (.txt seed format, .jsonl, .csv), folders, or - for JSONL on stdin "
            "(default: the DYAD_SEEDS_DIR folder, `seeds`)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="Extraction processes (the writer is always one)."),
    ] = 1,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad record.")] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Only ingest when the database holds no article.")
    ] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size", min=1, help="Articles per batch (default DYAD_INGEST_BATCH_SIZE)."
        ),
    ] = None,
    queue: Annotated[
        bool,
        typer.Option(
            "--queue",
            help="Queue the articles as an ingest job for `dyad worker` processes (through the "
            "broker when DYAD_BROKER_URL is set) instead of extracting here.",
        ),
    ] = False,
    wait: Annotated[
        bool,
        typer.Option("--wait/--no-wait", help="With --queue: follow the job until it ends."),
    ] = True,
) -> None:
    """Extract and store articles, each in its own transaction; a text already stored is skipped.

    Safe to interrupt: rerunning the same command finishes the job without duplicates."""
    from app.db import get_sessionmaker
    from app.ingest.extraction import make_pool
    from app.ingest.progress import progress_bar
    from app.ingest.readers import count_records, read_paths
    from app.ingest.service import Outcome, ingest_items
    from app.models import Actor, Article

    settings = get_settings()
    paths = paths or [Path(settings.seeds_dir)]
    factory = get_sessionmaker()
    if if_empty:
        with factory() as session:
            if session.execute(select(func.count()).select_from(Article)).scalar_one():
                err.print("database already holds articles; nothing ingested", highlight=False)
                return
    for p in paths:
        if str(p) != "-" and not p.exists():
            fail(f"no such file or folder: {p}")
    if sum(str(p) == "-" for p in paths) > 1:
        fail("stdin (-) can be named once")

    def actor_rows() -> int:
        with factory() as session:
            return session.execute(select(func.count()).select_from(Actor)).scalar_one()

    if queue:
        queue_job(factory, paths, wait)
        return
    actors_before = actor_rows()
    try:
        with progress_bar(err) as progress, make_pool(workers) as pool:
            task = progress.add_task("ingest", total=count_records(paths))

            def report(outcome: Outcome) -> None:
                if outcome.error is not None:
                    progress.console.print(
                        f"[red]failed[/red] {escape(outcome.error)}",
                        highlight=False,
                        soft_wrap=True,
                    )
                progress.advance(task)

            summary = ingest_items(
                factory,
                read_paths(paths, max_chars=settings.max_article_chars),
                pool=pool,
                batch_size=batch_size or settings.ingest_batch_size,
                strict=strict,
                on_outcome=report,
            )
    except KeyboardInterrupt:
        # Every stored article is whole (one transaction each); the rerun skips them.
        err.print(
            "interrupted: stored articles are complete; run the same command again to finish",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
    err.print(
        f"ingested {summary.ingested}, duplicates {summary.duplicates}, failed {summary.failed}; "
        f"added {summary.events} events, {actor_rows() - actors_before} actors, "
        f"{summary.statements} statements",
        highlight=False,
        soft_wrap=True,
    )
    if summary.stopped:
        err.print("stopped at the first failure (--strict)", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def queue_job(factory: Any, paths: list[Path], wait: bool) -> None:
    """`dyad ingest --queue`: read the records here, queue them as one job, follow it."""
    import time

    from app.ingest.progress import progress_bar
    from app.ingest.readers import read_paths
    from app.ingest.submit import BrokerUnavailable, submit_job
    from app.models import IngestJob
    from app.vocab import JOB_ENDED

    settings = get_settings()
    records: list[Any] = []
    for item in read_paths(paths, max_chars=settings.max_article_chars):
        if item.article is None:
            records.append(str(item.error))
            continue
        a = item.article
        records.append(
            {
                "text": a.text,
                "date": a.date.isoformat(),
                "title": a.title,
                "url": a.url,
                "source": a.source,
                "id": a.id,
            }
        )
    if not records:
        fail("no records to queue")
    try:
        job = submit_job(factory, records, settings)
    except BrokerUnavailable as exc:
        fail(str(exc), 1)
    job_id, batches = job.id, job.batches
    how = f"{batches} batches through the broker" if batches else "the database queue"
    err.print(f"queued job {job_id}: {len(records)} records in {how}", highlight=False)
    sys.stdout.write(job_id + "\n")
    if not wait:
        return
    with progress_bar(err) as progress:
        task = progress.add_task("ingest", total=len(records))
        while True:
            with factory() as session:
                job = session.get(IngestJob, job_id)
                assert job is not None
                progress.update(task, completed=job.done)
                if job.state in JOB_ENDED:
                    break
            time.sleep(min(1.0, settings.job_poll_seconds))
    for e in job.errors or []:
        err.print(f"[red]failed[/red] record {e.get('record')}: {escape(str(e.get('reason')))}")
    err.print(
        f"job {job.state}: ingested {job.ingested}, duplicates {job.duplicates}, "
        f"failed {job.failed}",
        highlight=False,
    )
    if job.failed or job.state == "failed":
        raise typer.Exit(1)
