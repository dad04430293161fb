"""Readers turn files into `ArticleInput`s, or into a clean per-record error."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.extract.records import ArticleInput

_SEED_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*\r?\n?", re.IGNORECASE)
_META_LINE = re.compile(r"\A(title|url|source):[ \t]*(.*?)[ \t]*\r?\n", re.IGNORECASE)


class RecordError(ValueError):
    """One input record could not be read; `where` says which (file:line)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass
class ReadItem:
    """What a reader yields: an article, or the reason one record was refused."""

    where: str
    article: ArticleInput | None = None
    error: RecordError | None = None


def parse_seed_text(raw: str, where: str = "<text>") -> ArticleInput:
    """Parse the seed format: `date YYYY-MM-DD`, optional `title:`/`url:`/`source:` lines, body."""
    match = _SEED_HEADER.match(raw)
    if not match:
        raise RecordError(where, "text must start with 'date YYYY-MM-DD'")
    try:
        date = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise RecordError(where, f"invalid date {match.group(1)!r}") from None
    rest = raw[match.end():]
    meta: dict[str, str] = {}
    while m := _META_LINE.match(rest):
        meta[m.group(1).lower()] = m.group(2)
        rest = rest[m.end():]
    body = rest.strip()
    if not body:
        raise RecordError(where, "article body is empty")
    return ArticleInput(
        text=body, date=date, title=meta.get("title") or None,
        url=meta.get("url") or None, source=meta.get("source") or None,
    )


def read_seed_file(path: Path) -> Iterator[ReadItem]:
    where = f"{path}:1"
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        yield ReadItem(where, error=RecordError(where, f"not UTF-8 ({exc.reason} at byte {exc.start})"))
        return
    try:
        yield ReadItem(where, article=parse_seed_text(raw, where))
    except RecordError as exc:
        yield ReadItem(where, error=exc)


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Files named directly, and the readable files inside named folders, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in READERS)
        else:
            yield path


READERS = {".txt": read_seed_file}


def read_paths(paths: list[Path]) -> Iterator[ReadItem]:
    for path in iter_paths(paths):
        reader = READERS.get(path.suffix.lower())
        if not path.exists():
            yield ReadItem(str(path), error=RecordError(str(path), "no such file"))
        elif reader is None:
            yield ReadItem(str(path), error=RecordError(str(path), f"unsupported file type {path.suffix!r}"))
        else:
            yield from reader(path)


def _parse_date(value: object, where: str) -> dt.date:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(where, "missing date")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(where, f"unparseable date {text[:40]!r}") from None


def article_from_mapping(data: object, where: str) -> ArticleInput:
    """Build an article from a JSON object / CSV row with `text`, `date`|`published`, and optional
    `title`, `url`, `source`, `id`."""
    if not isinstance(data, dict):
        raise RecordError(where, "record is not an object")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError(where, "missing text")
    date = _parse_date(data.get("date") or data.get("published"), where)

    def opt(name: str) -> str | None:
        value = data.get(name)
        return str(value) if value not in (None, "") else None

    return ArticleInput(text=text.strip(), date=date, title=opt("title"), url=opt("url"),
                        source=opt("source"), id=opt("id"))


def parse_jsonl_line(line: str, where: str) -> ArticleInput:
    import json

    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise RecordError(where, f"invalid JSON ({exc.__class__.__name__})") from None
    return article_from_mapping(data, where)
