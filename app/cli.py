"""The `dyad` command: serve, migrate, ingest, reprocess, extract, worker, api-key."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy import func, select

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.pool import ExtractionPool

from app.config import get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Dyad: news text in, coded political events out.",
)
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    """`dyad --version`: the package's version and the extractor's, whose output it stamps."""
    if not value:
        return
    from importlib.metadata import version

    from app.extract.version import EXTRACTOR_VERSION

    typer.echo(f"dyad {version('dyad')} ({EXTRACTOR_VERSION})")
    raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the package and extractor versions, then exit.",
        ),
    ] = False,
) -> None:
    """Dyad: news text in, coded political events out."""


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr and a non-zero exit: the CLI's answer to bad input."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def migrate() -> None:
    """Bring the database schema to the latest revision (alembic upgrade head)."""
    from app import migrate as m

    url = get_settings().database_url
    try:
        m.upgrade(url)
    except Exception as exc:  # noqa: BLE001 - any failure here is reported as one line
        fail(
            f"migration failed: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}"
        )
    err.print(f"database at head ({m.head_revision(url)})", highlight=False)


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


@app.command()
def reprocess(
    outdated: Annotated[
        bool,
        typer.Option(
            "--outdated", help="Articles extracted by another extractor version (default)."
        ),
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="Every article.")] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Extraction processes.")] = 1,
) -> None:
    """Re-extract stored articles and atomically replace their records."""
    from app.db import get_sessionmaker
    from app.extract import EXTRACTOR_VERSION
    from app.ingest.extraction import make_pool
    from app.ingest.progress import progress_bar
    from app.ingest.reprocess import reprocess as run
    from app.ingest.reprocess import select_article_ids

    if outdated and all_:
        fail("give --outdated or --all, not both")
    factory = get_sessionmaker()
    with factory() as session:
        ids = select_article_ids(session, outdated_only=not all_)
    if not ids:
        err.print(
            f"nothing to reprocess (every article is at {EXTRACTOR_VERSION})", highlight=False
        )
        return
    with progress_bar(err) as progress, make_pool(workers) as pool:
        task = progress.add_task("reprocess", total=len(ids))
        summary = run(
            factory,
            ids,
            pool=pool,
            batch_size=get_settings().ingest_batch_size,
            on_article=lambda _id: progress.advance(task),
        )
    err.print(
        f"reprocessed {summary.reprocessed} articles with {EXTRACTOR_VERSION}: "
        f"{summary.events} events, {summary.statements} statements; "
        f"removed {summary.actors_removed} actors and {summary.places_removed} places no longer "
        "referenced",
        highlight=False,
        soft_wrap=True,
    )
    for error in summary.errors:
        err.print(f"[red]failed[/red] {escape(error)}", highlight=False)
    if summary.failed:
        raise typer.Exit(1)


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
        run_dramatiq_workers(processes or os.cpu_count() or 1)
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


def run_dramatiq_workers(processes: int) -> None:
    """Hand over to Dramatiq's own process supervisor: `processes` workers of one thread each,
    prefetching one message, so a batch waits in the queue (for any machine) rather than
    behind a busy worker."""
    # Read by dramatiq when it is first imported, so set before any import of it.
    os.environ.setdefault("dramatiq_queue_prefetch", "1")
    from dramatiq.cli import main as dramatiq_main
    from dramatiq.cli import make_argument_parser

    from app.ingest.broker import queue_name

    args = make_argument_parser().parse_args(
        [
            "app.ingest.broker_worker",
            "--processes",
            str(processes),
            "--threads",
            "1",
            "--queues",
            queue_name(),
            "--worker-shutdown-timeout",
            "30000",
        ]
    )
    raise typer.Exit(dramatiq_main(args) or 0)


api_key = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys.")
app.add_typer(api_key, name="api-key")


@api_key.command("create")
def api_key_create(
    name: Annotated[str, typer.Option("--name", help="Who or what the key is for.")],
    scope: Annotated[str, typer.Option("--scope", help="read, write or admin.")] = "write",
) -> None:
    """Create a key and print it once (only its SHA-256 is stored)."""
    from app.db import get_sessionmaker
    from app.security.keys import SCOPES, create_key

    if scope not in SCOPES:
        fail(f"--scope must be one of {', '.join(SCOPES)}")
    with get_sessionmaker().begin() as session:
        issued = create_key(session, name, scope)
    err.print(
        f"created key {issued.id} ({scope}) for {name!r}; it is shown only now:", highlight=False
    )
    sys.stdout.write(issued.key + "\n")


@api_key.command("list")
def api_key_list() -> None:
    """List keys (id, prefix, name, scope, created, revoked); never the keys themselves."""
    from app.db import get_sessionmaker
    from app.security.keys import list_keys

    with get_sessionmaker()() as session:
        for k in list_keys(session):
            revoked = k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "-"
            sys.stdout.write(
                f"{k.id}\t{k.prefix}…\t{k.name}\t{k.scope}\t"
                f"{k.created_at.isoformat(timespec='seconds')}\trevoked:{revoked}\n"
            )


@api_key.command("revoke")
def api_key_revoke(
    ident: Annotated[str, typer.Argument(help="Key id or prefix (from `list`).")],
) -> None:
    """Revoke a key; requests with it fail from now on."""
    from app.db import get_sessionmaker
    from app.security.keys import revoke_key

    with get_sessionmaker().begin() as session:
        n = revoke_key(session, ident)
    if not n:
        fail(f"no active key {ident!r}", 1)
    err.print(f"revoked {n} key(s)", highlight=False)


@app.command()
def extract(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Seed-format .txt files to extract.")
    ] = None,
    jsonl: Annotated[
        bool,
        typer.Option("--jsonl", help="Read JSONL articles on stdin, write one JSON line each."),
    ] = False,
) -> None:
    """Print the extraction as JSON without touching the database. Extraction runs in a worker
    process within the DYAD_EXTRACT_* budgets; an article over them is a per-record error."""
    from app.ingest.extraction import make_pool

    with make_pool() as pool:
        _extract_command(pool, files, jsonl)


def _extract_command(pool: ExtractionPool, files: list[Path] | None, jsonl: bool) -> None:
    from app.extract import to_dict
    from app.extract.pool import ExtractionFailed, Failed
    from app.ingest.readers import RecordError, parse_seed_text, read_jsonl_stream

    if jsonl:
        # Streamed: each line is read (size-checked while reading), extracted and written before
        # the next is read; a bad record is one line on stderr, and the exit code says so.
        failed = 0
        for item in read_jsonl_stream(sys.stdin.buffer, "<stdin>"):
            if item.article is None:
                failed += 1
                err.print(f"[red]failed[/red] {escape(str(item.error))}", highlight=False)
                continue
            try:
                extraction = pool.extract(item.article)
            except ExtractionFailed as exc:  # over budget, or the extractor raised: this record
                failed += 1
                err.print(
                    f"[red]failed[/red] {escape(item.where)}: {escape(str(exc))}", highlight=False
                )
                continue
            sys.stdout.write(
                json.dumps({"id": item.article.id, **to_dict(extraction)}, ensure_ascii=False)
                + "\n"
            )
            sys.stdout.flush()
        if failed:
            raise typer.Exit(1)
        return
    if not files:
        fail("give one or more files, or --jsonl with articles on stdin")
    articles = []
    for path in files or []:
        try:
            articles.append(parse_seed_text(path.read_text(encoding="utf-8"), str(path)))
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{path}: cannot read ({exc.__class__.__name__})")
        except RecordError as exc:
            fail(str(exc))
    out = []
    for path, result in zip(files or [], pool.submit(articles).result(), strict=True):
        if isinstance(result, Failed):
            fail(f"{path}: {result.reason}")
        out.append(to_dict(result))
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default DYAD_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default DYAD_PORT).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="API processes (default: the number of cores). Above 1, rate limits are shared "
            "through Redis (DYAD_REDIS_URL) or the database.",
        ),
    ] = None,
) -> None:
    """Serve the REST API (docs at /docs)."""
    import uvicorn

    from app.logs import configure_logging

    n = workers or os.cpu_count() or 1
    # Read by every worker process as it builds the app (it picks the rate-limit store).
    os.environ["DYAD_SERVE_WORKERS"] = str(n)
    get_settings.cache_clear()
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if n > 1 and settings.job_worker and not settings.broker_url:
        # One embedded job worker per process would be N; they share the queue safely, but say so.
        err.print(
            f"{n} API processes each run an embedded job worker; set DYAD_BROKER_URL to move "
            "ingestion to `dyad worker` processes",
            highlight=False,
        )
    uvicorn.run(
        "app.main:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=n if n > 1 else None,
        # With several processes the accepted connections would keep Nagle on (app/api/nodelay).
        http="app.api.nodelay:NoDelayH11Protocol",
        # uvicorn restarts a worker that misses its health check (5 s by default); on a busy
        # machine a healthy worker can be that slow, and the restarts then never end.
        timeout_worker_healthcheck=30,
        # Forwarded headers only from configured proxies: trusted from anyone (or any loopback
        # peer), each spoofed X-Forwarded-For value would be a fresh rate-limit bucket.
        proxy_headers=bool(settings.trusted_proxies.strip()),
        forwarded_allow_ips=settings.trusted_proxies.strip() or None,
        log_level=settings.log_level.lower(),
        log_config=None,
        # SIGTERM waits this long for requests in flight, then stops: a long extraction must not
        # keep a stopping server alive (its worker thread dies with the process).
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


if __name__ == "__main__":
    app()
