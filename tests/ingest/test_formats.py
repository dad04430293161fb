"""Readers for every input format, with file:line and a reason for each bad record."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from app.ingest.readers import count_records, read_paths


def test_jsonl_good_and_bad_records_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"text": "First.", "date": "2024-01-02", "title": "T", "url": "https://x/1", "source": '
        b'"VOA", "id": "a"}\n'
        b"\n"
        b'{"date": "2024-01-02"}\n'
        b'{"text": "Bad date.", "date": "yesterday"}\n'
        b'{"text": "caf\xe9", "date": "2024-01-02"}\n'
        b'{"text": "Published field.", "published": "2025-03-14 20:30:26Z"}\n'
    )
    items = list(read_paths([path]))
    assert [(i.where.rsplit(":", 1)[1], i.error.reason if i.error else "ok") for i in items] == [
        ("1", "ok"),
        ("3", "missing text"),
        ("4", "unparseable date 'yesterday'"),
        ("5", "not UTF-8 (invalid continuation byte at byte 13)"),
        ("6", "ok"),
    ]
    first = items[0].article
    assert first is not None and (first.title, first.url, first.source, first.id) == (
        "T",
        "https://x/1",
        "VOA",
        "a",
    )
    assert count_records([path]) == 5


def test_csv_with_multiline_field_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        b"id,date,title,text\n"
        b'1,2024-01-02,One,"Line one.\nLine two."\n'
        b"2,2024-01-02,Two,\n"
        b'3,2024-01-02,Three,"Bad \xff byte"\n'
        b"4,2024-02-30,Four,Impossible date.\n"
    )
    items = list(read_paths([path]))
    assert items[0].article is not None and items[0].article.text == "Line one.\nLine two."
    assert [(i.where.rsplit(":", 1)[1], i.error.reason if i.error else "ok") for i in items] == [
        ("2", "ok"),
        ("4", "missing text"),
        ("5", "not UTF-8"),
        ("6", "unparseable date '2024-02-30'"),
    ]
    assert count_records([path]) == 4


def test_seed_txt_with_header_lines_and_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(
        "date 2017-09-12\ntitle: Cairo talks\nsource: AP\nHamas met.", encoding="utf-8"
    )
    (tmp_path / "b.jsonl").write_text('{"text": "B.", "date": "2020-01-01"}\n', encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert [i.article.text for i in items if i.article] == ["B.", "Hamas met."]
    seed = items[1].article
    assert seed is not None and (seed.title, seed.source) == ("Cairo talks", "AP")


def test_stdin_dash_reads_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(
        io.BytesIO(b'{"text": "From stdin.", "date": "2020-01-01"}\n{"text": ""}\n')
    )
    monkeypatch.setattr(sys, "stdin", fake)
    items = list(read_paths([Path("-")]))
    assert items[0].article is not None and items[0].where == "<stdin>:1"
    assert items[1].error is not None and items[1].error.reason == "missing text"


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "%s", "date": "2020-01-01"}\n' % ("y" * 30), encoding="utf-8")
    [item] = read_paths([path], max_chars=20)
    assert (
        item.error is not None and item.error.reason == "over the size limit (30 > 20 characters)"
    )


def test_lone_surrogate_escape_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "\\ud800 Hamas", "date": "2020-01-01"}\n', encoding="utf-8")
    [item] = read_paths([path])
    assert (
        item.error is not None and item.error.reason == "text is not valid Unicode (lone surrogate)"
    )
