"""`dyad ingest` end to end with the real extractor, on a few short texts."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app
from app.models import Article, Event, Mention
from tests.ingest.corpus import article_text, write_jsonl

runner = CliRunner()


def count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_ingest_every_format_then_rerun_is_all_duplicates(tmp_path: Path, session: Session) -> None:
    write_jsonl(tmp_path / "a.jsonl", 2)
    with (tmp_path / "b.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [
                ["text", "published", "url"],
                [article_text(10), "2024-03-01", "https://example.org/10"],
            ]
        )
    (tmp_path / "c.txt").write_text(
        f"date 2024-03-02\ntitle: Seed\n{article_text(11)}", encoding="utf-8"
    )
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ingested 4, duplicates 0, failed 0" in result.output
    assert (
        count(session, Article) == 4 and count(session, Mention) > 0 and count(session, Event) > 0
    )
    stored = session.execute(
        select(Article).where(Article.url == "https://example.org/10")
    ).scalar_one()
    assert stored.published.isoformat() == "2024-03-01"

    again = runner.invoke(app, ["ingest", str(tmp_path)])
    assert again.exit_code == 0 and "ingested 0, duplicates 4, failed 0" in again.output
    assert count(session, Article) == 4


def test_bad_records_are_reported_and_exit_1(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, 2)
    with path.open("ab") as out:
        out.write(b'{"text": "no date here"}\n')
        out.write(
            (json.dumps({"text": article_text(1), "date": "2024-01-01"}) + "\n").encode()
        )  # same text as line 2
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: missing date" in result.output
    assert "ingested 2, duplicates 1, failed 1" in result.output
    assert count(session, Article) == 2


def test_strict_stops_at_the_first_bad_record(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "strict.jsonl"
    write_jsonl(path, 1)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"text": "", "date": "2024-01-01"}\n')
    write_jsonl(tmp_path / "more.jsonl", 1, start=5)
    path.write_text(path.read_text() + (tmp_path / "more.jsonl").read_text())
    result = runner.invoke(app, ["ingest", "--strict", "--batch-size", "1", str(path)])
    assert result.exit_code == 1 and "stopped at the first failure" in result.output
    assert count(session, Article) == 1  # the record after the bad one was not read


def test_url_conflict_fails_that_record_only(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "urls.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": article_text(i), "date": "2024-01-01", "url": "https://x/1"}) + "\n"
            for i in (1, 2)
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 1 and "already stored as article" in result.output
    assert count(session, Article) == 1
