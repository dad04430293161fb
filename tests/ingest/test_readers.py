from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.ingest.article_records import RecordError, parse_jsonl_line
from app.ingest.readers import parse_seed_text, read_paths


def test_seed_format_date_on_same_line_and_leading_space() -> None:
    art = parse_seed_text(" date 2017-09-12 Hamas met Egyptian officials.\n\nSecond paragraph.")
    assert art.date == dt.date(2017, 9, 12)
    assert art.text.startswith("Hamas met") and art.text.endswith("Second paragraph.")


def test_seed_format_body_on_next_line_with_metadata() -> None:
    art = parse_seed_text("date 2020-01-02\ntitle: A title\nurl: https://x.org/1\nBody text.")
    assert (art.title, art.url, art.text) == ("A title", "https://x.org/1", "Body text.")


@pytest.mark.parametrize(
    "raw,reason",
    [
        ("Hamas met officials.", "must start with"),
        ("date 2017-13-45 body", "invalid date"),
        ("date 2017-09-12   \n  ", "empty"),
    ],
)
def test_seed_format_errors(raw: str, reason: str) -> None:
    with pytest.raises(RecordError, match=reason):
        parse_seed_text(raw)


def test_jsonl_line_fields_and_errors() -> None:
    art = parse_jsonl_line(
        '{"id": "7", "text": "Body", "published": "2025-03-14 20:30:26Z"}', "x:1"
    )
    assert (art.id, art.date) == ("7", dt.date(2025, 3, 14))
    with pytest.raises(RecordError, match="missing text"):
        parse_jsonl_line('{"date": "2020-01-01"}', "x:2")
    with pytest.raises(RecordError, match="invalid JSON"):
        parse_jsonl_line('{"text": ', "x:3")


def test_read_paths_reports_bad_files_and_reads_folders(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("date 2017-09-12 Good article.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"date 2017-09-12 \xff\xfe bad bytes")
    items = list(read_paths([tmp_path]))
    assert [i.article is not None for i in items] == [True, False]
    assert "not UTF-8" in str(items[1].error)
