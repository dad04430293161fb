"""One input record (a JSON object, a CSV row) checked and turned into an `ArticleInput`, or
refused with a `RecordError` that says which record and why."""

from __future__ import annotations

import datetime as dt
import json

from app.date_bounds import out_of_range
from app.extract.records import ArticleInput


class RecordError(ValueError):
    """One input record could not be read; `where` says which (file:line)."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def _parse_date(value: object, where: str) -> dt.date:
    if not isinstance(value, str) or not value.strip():
        raise RecordError(where, "missing date")
    text = value.strip()
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise RecordError(where, f"unparseable date {text[:40]!r}") from None
    return bounded_date(day, where)


def bounded_date(day: dt.date, where: str) -> dt.date:
    """`day` itself, or a RecordError when it lies outside the dates the database can hold."""
    problem = out_of_range(day)
    if problem:
        raise RecordError(where, problem)
    return day


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

    # The text as given, leading and trailing whitespace included: every offset indexes it.
    article = ArticleInput(
        text=text,
        date=date,
        title=opt("title"),
        url=opt("url"),
        source=opt("source"),
        id=opt("id"),
    )
    check_unicode(article, where)
    return article


def check_unicode(article: ArticleInput, where: str) -> None:
    """JSON `\\ud800` escapes decode to lone surrogates, which neither SHA-256 (UTF-8 bytes) nor
    the database can take: refuse the record rather than crash the run."""
    for name in ("text", "title", "url", "source", "id"):
        value = getattr(article, name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RecordError(where, f"{name} is not valid Unicode (lone surrogate)") from None


def parse_jsonl_line(line: str, where: str) -> ArticleInput:
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise RecordError(where, f"invalid JSON ({exc.__class__.__name__})") from None
    return article_from_mapping(data, where)
