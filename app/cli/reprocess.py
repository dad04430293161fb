"""`dyad reprocess`: extract stored articles again with the current extractor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from app.cli.root import app, err, fail
from app.config import get_settings

if TYPE_CHECKING:  # pragma: no cover
    pass


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
