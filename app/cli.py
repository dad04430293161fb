"""The `dyad` command: serve, migrate, ingest, extract."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import func, select

from app.config import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Dyad: news text in, coded political events out.")
err = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
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
        fail(f"migration failed: {exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    err.print(f"database at head ({m.head_revision(url)})", highlight=False)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files (.txt seed format) or folders to ingest.")],
    workers: Annotated[int, typer.Option("--workers", min=1, help="Parsing processes.")] = 1,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="Only ingest when the database holds no article.")] = False,
) -> None:
    """Extract and store articles; each article is one transaction, a text already stored is skipped."""
    from app.db import get_sessionmaker
    from app.ingest.readers import read_paths
    from app.ingest.service import ingest_items
    from app.models import Article

    factory = get_sessionmaker()
    if if_empty:
        with factory() as session:
            if session.execute(select(func.count()).select_from(Article)).scalar_one():
                err.print("database already holds articles; nothing ingested", highlight=False)
                return
    for p in paths:
        if not p.exists():
            fail(f"no such file or folder: {p}")

    def report(item, result) -> None:  # type: ignore[no-untyped-def]
        if result is None:
            err.print(f"[yellow]failed[/yellow] {item.error or item.where}", highlight=False)
        elif result.duplicate:
            err.print(f"duplicate {item.where}: already stored as article {result.article_id}", highlight=False)
        else:
            err.print(f"ingested {item.where} as article {result.article_id} "
                      f"({result.events} events, {result.statements} statements)", highlight=False)

    summary = ingest_items(factory, read_paths(paths), n_process=workers, on_result=report)
    err.print(
        f"ingested {summary.ingested}, duplicates {summary.duplicates}, failed {summary.failed}; "
        f"added {summary.events} events, {summary.statements} statements",
        highlight=False,
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def extract(
    files: Annotated[list[Path] | None, typer.Argument(help="Seed-format .txt files to extract.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSONL articles on stdin, write one JSON line each.")] = False,
) -> None:
    """Print the extraction as JSON without touching the database."""
    from app.extract import extract_many, to_dict
    from app.ingest.readers import RecordError, parse_jsonl_line, parse_seed_text

    if jsonl:
        articles, ids = [], []
        for lineno, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                article = parse_jsonl_line(line, f"<stdin>:{lineno}")
            except RecordError as exc:
                fail(str(exc), 1)
            articles.append(article)
            ids.append(article.id)
        for ident, extraction in zip(ids, extract_many(articles), strict=True):
            sys.stdout.write(json.dumps({"id": ident, **to_dict(extraction)}, ensure_ascii=False) + "\n")
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
    out = [to_dict(e) for e in extract_many(articles)]
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default DYAD_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default DYAD_PORT).")] = None,
) -> None:
    """Serve the REST API (docs at /docs)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run("app.main:app", host=host or settings.host, port=port or settings.port,
                proxy_headers=True, log_level=settings.log_level.lower())


if __name__ == "__main__":
    app()
