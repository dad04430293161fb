"""`dyad extract`: print extractions as JSON without touching the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from app.cli.root import app, err, fail

if TYPE_CHECKING:  # pragma: no cover
    from app.extract.pool import ExtractionPool


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
    from app.ingest.article_records import RecordError
    from app.ingest.readers import parse_seed_text, read_jsonl_stream

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
