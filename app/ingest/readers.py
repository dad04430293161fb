"""Readers turn files into `ArticleInput`s, or into a clean per-record error."""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from app.extract.records import ArticleInput
from app.ingest.article_records import (
    RecordError,
    article_from_mapping,
    bounded_date,
    parse_jsonl_line,
)

_SEED_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\r?\n?", re.IGNORECASE)
_META_LINE = re.compile(r"\A(title|url|source):[ \t]*(.*?)[ \t]*\r?\n", re.IGNORECASE)


@dataclass
class ReadItem:
    """What a reader yields: an article, or the reason one record was refused."""

    where: str
    article: ArticleInput | None = None
    error: RecordError | None = None
    record: int | None = None  # 1-based number of the record in its ingest job


def parse_seed_text(raw: str, where: str = "<text>") -> ArticleInput:
    """Parse the seed format: `date YYYY-MM-DD`, optional `title:`/`url:`/`source:` lines, body."""
    match = _SEED_HEADER.match(raw)
    if not match:
        raise RecordError(where, "text must start with 'date YYYY-MM-DD'")
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise RecordError(where, f"invalid date {match.group(1)!r}") from None
    date = bounded_date(date, where)
    rest = raw[match.end() :]
    meta: dict[str, str] = {}
    while m := _META_LINE.match(rest):
        meta[m.group(1).lower()] = m.group(2)
        rest = rest[m.end() :]
    body = rest.strip()
    if not body:
        raise RecordError(where, "article body is empty")
    return ArticleInput(
        text=body,
        date=date,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        source=meta.get("source") or None,
    )


def read_seed_file(path: Path) -> Iterator[ReadItem]:
    where = f"{path}:1"
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        yield ReadItem(
            where, error=RecordError(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
        )
        return
    try:
        yield ReadItem(where, article=parse_seed_text(raw, where))
    except RecordError as exc:
        yield ReadItem(where, error=exc)


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files named directly, and the readable files inside named folders, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS
            )
        else:
            yield path


def read_paths(paths: list[Path], *, max_chars: int | None = None) -> Iterator[ReadItem]:
    """Every record of every file (`-` = JSONL on stdin), refusing texts over `max_chars`."""
    for path in iter_paths(paths):
        if str(path) == "-":
            items: Iterator[ReadItem] = read_jsonl_stream(sys.stdin.buffer, "<stdin>")
        else:
            reader = READERS.get(path.suffix.lower())
            if not path.exists():
                items = iter([ReadItem(str(path), error=RecordError(str(path), "no such file"))])
            elif reader is None:
                items = iter(
                    [
                        ReadItem(
                            str(path),
                            error=RecordError(str(path), f"unsupported file type {path.suffix!r}"),
                        )
                    ]
                )
            else:
                items = reader(path)
        for item in items:
            yield limit_size(item, max_chars) if max_chars else item


def limit_size(item: ReadItem, max_chars: int) -> ReadItem:
    if item.article is not None and len(item.article.text) > max_chars:
        reason = f"over the size limit ({len(item.article.text)} > {max_chars} characters)"
        return replace(item, article=None, error=RecordError(item.where, reason))
    return item


# The longest JSONL line read: an article at the default DYAD_MAX_ARTICLE_CHARS, every character
# escaped as \uXXXX, plus room for the other fields. Longer lines are skipped while reading,
# never held; past MAX_SKIP_BYTES of one line (/dev/zero) the input is abandoned.
MAX_LINE_BYTES = 200_000 * 6 + (1 << 16)
MAX_SKIP_BYTES = 64 * MAX_LINE_BYTES
_CHUNK = 1 << 16


def bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | int]:
    """The lines of `stream`, reading at most `max_bytes + 1` of one line into memory: a longer
    line is read past in chunks and given as its length (an int) instead of its bytes. A line
    longer than MAX_SKIP_BYTES ends the stream (its length is given as -1)."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while True:
            chunk = stream.readline(_CHUNK)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                yield size
                break
            if size > MAX_SKIP_BYTES:
                yield -1
                return


def read_jsonl_stream(
    stream: BinaryIO, name: str, max_bytes: int = MAX_LINE_BYTES
) -> Iterator[ReadItem]:
    """One article per line; each line decoded on its own so one bad byte costs one record, and
    checked for size while it is read (a 1 GB line is never held)."""
    for lineno, raw in enumerate(bounded_lines(stream, max_bytes), 1):
        where = f"{name}:{lineno}"
        if isinstance(raw, int):
            reason = (
                f"line longer than {MAX_SKIP_BYTES} bytes; the rest of this input is not read"
                if raw < 0
                else f"line of {raw} bytes is over the size limit ({max_bytes} bytes)"
            )
            yield ReadItem(where, error=RecordError(where, reason))
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield ReadItem(
                where, error=RecordError(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
            )
            continue
        if not line.strip():
            continue
        try:
            yield ReadItem(where, article=parse_jsonl_line(line, where))
        except RecordError as exc:
            yield ReadItem(where, error=exc)


def read_jsonl_file(path: Path) -> Iterator[ReadItem]:
    with path.open("rb") as stream:
        yield from read_jsonl_stream(stream, str(path))


def read_csv_file(path: Path) -> Iterator[ReadItem]:
    """A header row naming the fields, then one article per row (quoted fields may span lines).

    Undecodable bytes are kept as surrogates while parsing, then reported per row, so one bad
    row does not lose the file."""
    csv.field_size_limit(2**31 - 1)  # articles are longer than csv's 128 KiB default
    with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as stream:
        reader = csv.DictReader(stream)
        reader.fieldnames  # noqa: B018 - reads the header row, so line_num counts from it
        line = reader.line_num + 1
        for row in reader:
            where = f"{path}:{line}"
            line = reader.line_num + 1
            if any(_has_surrogates(v) for v in row.values() if isinstance(v, str)):
                yield ReadItem(where, error=RecordError(where, "not UTF-8"))
                continue
            try:
                yield ReadItem(where, article=article_from_mapping(dict(row), where))
            except RecordError as exc:
                yield ReadItem(where, error=exc)


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def count_records(paths: list[Path]) -> int | None:
    """Quick count for the progress bar (non-empty lines, CSV rows, one per .txt); None for
    stdin."""
    total = 0
    for path in iter_paths(paths):
        suffix = path.suffix.lower()
        if str(path) == "-":
            return None
        if not path.is_file():
            total += 1
        elif suffix == ".jsonl":
            # Read as the reader does, so a huge line is never held in memory.
            with path.open("rb") as stream:
                total += sum(
                    1
                    for raw in bounded_lines(stream, MAX_LINE_BYTES)
                    if isinstance(raw, int) or raw.strip()
                )
        elif suffix == ".csv":
            csv.field_size_limit(2**31 - 1)
            with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as stream:
                total += max(0, sum(1 for _ in csv.reader(stream)) - 1)
        else:
            total += 1
    return total


READERS: dict[str, Callable[[Path], Iterator[ReadItem]]] = {
    ".txt": read_seed_file,
    ".jsonl": read_jsonl_file,
    ".csv": read_csv_file,
}
