"""Hostile input to the readers and the bulk ingester: every record is an article or a clean
per-record error (file:line: reason); nothing raises, and one bad record never stops the run."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.db import get_sessionmaker
from app.extract.records import ArticleInput, Extraction
from app.ingest import service
from app.ingest.article_records import RecordError, parse_jsonl_line
from app.ingest.readers import (
    ReadItem,
    parse_seed_text,
    read_csv_file,
    read_jsonl_stream,
    read_paths,
    read_seed_file,
)
from app.models import Article
from tests import factories as f

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates().map(dt.date.isoformat),
)
json_values = st.recursive(
    json_scalars,
    lambda c: st.one_of(
        st.lists(c, max_size=3), st.dictionaries(st.text(max_size=5), c, max_size=3)
    ),
    max_leaves=8,
)
record_like = st.fixed_dictionaries(
    {},
    optional={
        "text": json_values,
        "date": json_values,
        "published": json_values,
        "title": json_values,
        "url": json_values,
        "source": json_values,
        "id": json_values,
    },
)


def check_article(article: ArticleInput) -> None:
    assert isinstance(article.text, str) and article.text.strip()
    assert isinstance(article.date, dt.date)
    article.text.encode("utf-8")  # storable: hashing and the database both need valid UTF-8
    for value in (article.title, article.url, article.source, article.id):
        assert value is None or isinstance(value, str)


def check_items(items: list[ReadItem]) -> None:
    for item in items:
        assert (item.article is None) != (item.error is None), item
        if item.article is not None:
            check_article(item.article)
        else:
            assert isinstance(item.error, RecordError) and item.error.reason and item.error.where


@PROPERTY
@given(
    st.one_of(
        st.text(),
        st.builds(
            lambda pre, d, sep, body: f"{pre}date {d}{sep}{body}",
            st.sampled_from(["", " ", "\n\t", "\ufeff"]),
            st.one_of(
                st.dates().map(dt.date.isoformat),
                st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"),
                st.text(max_size=12),
            ),
            st.sampled_from(["", " ", "\n", "\r\n", "\ntitle: T\nurl: u\n", "\nsource:\n"]),
            st.text(),
        ),
    )
)
@example("date 0000-00-00 body")
@example("date 9999-12-31 body")
@example("date 2017-09-12\ntitle: x\n")
@example("date 2017-09-12 \x00")
def test_seed_reader_gives_an_article_or_a_record_error(raw: str) -> None:
    try:
        check_article(parse_seed_text(raw, "x.txt:1"))
    except RecordError as exc:
        assert exc.where == "x.txt:1" and exc.reason


@PROPERTY
@given(
    st.one_of(
        st.text(),
        json_values.map(json.dumps),
        record_like.map(json.dumps),
        record_like.map(
            lambda r: json.dumps({**r, "text": "Hamas met Fatah.", "date": "2020-01-01"})
        ),
    )
)
@example('{"text": "\\ud800 Hamas", "date": "2020-01-01"}')
@example('{"text": "Hamas\\u0000 met", "date": "2020-01-01"}')
@example('{"text": "Hamas", "date": "0000-00-00"}')
@example('{"text": "Hamas", "date": "9999-12-31T23:59:59Z"}')
@example('{"text": "Hamas", "date": "2020-01-01", "title": ' + "[" * 900 + "]" * 900 + "}")
@example('{"text": "Hamas", "date": "2020-01-01", "title": ' + "[" * 5000 + "]" * 5000 + "}")
@example("[" * 100_000)
@example('{"text": "Hamas", "date": "2020-01-01", "id": 1e400}')
def test_jsonl_line_gives_an_article_or_a_record_error(line: str) -> None:
    try:
        check_article(parse_jsonl_line(line, "x.jsonl:7"))
    except RecordError as exc:
        assert exc.where == "x.jsonl:7" and exc.reason


@PROPERTY
@given(
    st.lists(
        st.one_of(st.binary(max_size=60), record_like.map(lambda r: json.dumps(r).encode())),
        max_size=6,
    )
)
@example([b"\xff\xfe", b'{"text": "ok", "date": "2020-01-01"}'])
@example(
    [
        b'{"text": "ok", "date": "2020-01-01"}\r',
        b"\x00\x00",
        b'{"text": "\\ud83d", "date": "2020-01-01"}',
    ]
)
def test_jsonl_stream_never_raises_and_reports_each_bad_line(lines: list[bytes]) -> None:
    raw = b"\n".join(lines)
    items = list(read_jsonl_stream(io.BytesIO(raw), "in.jsonl"))
    check_items(items)
    assert len(items) <= len(raw.split(b"\n"))


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.lists(st.text(max_size=20), max_size=5), max_size=5).map(
            lambda rows: "\n".join(",".join(r) for r in [["text", "date", "title"], *rows]).encode(
                "utf-8", "surrogatepass"
            )
        ),
    )
)
@example(b'text,date\n"unterminated,2020-01-01\n')
@example(b"text,date\nHamas\x00 met,2020-01-01\n")
@example(b"\xef\xbb\xbftext,date\nHamas,2020-01-01\n")
@example(b"text,date,extra\nHamas,2020-01-01,a,b,c\nonly-one-field\n")
@example(b"text\rdate\r\nHamas\r2020-01-01")
@example(b"")
def test_csv_and_seed_files_never_raise(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        for name, reader in (("in.csv", read_csv_file), ("in.txt", read_seed_file)):
            path = Path(d) / name
            path.write_bytes(data)
            check_items(list(reader(path)))
        check_items(list(read_paths([Path(d), Path(d) / "missing.jsonl", Path(d) / "in.pdf"])))


# --- hostile records through the bulk ingester --------------------------------------------


def fake_extractor() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    """An extractor factory for the pool's workers: one CONSULT event per article."""
    return f.one_consult_each


HOSTILE_LINES = [
    {"text": "Hamas met Fatah in Cairo, clean record one.", "date": "2020-01-01"},
    {"text": "Hamas \x00 met Fatah (NUL in text).", "date": "2020-01-01"},
    {"text": "Hamas met Fatah (NUL in title).", "date": "2020-01-01", "title": "a\x00b"},
    {"text": "Hamas met Fatah (long title).", "date": "2020-01-01", "title": "t" * 5000},
    {
        "text": "Hamas met Fatah (long url).",
        "date": "2020-01-01",
        "url": "https://e.org/" + "u" * 5000,
    },
    {"text": "Hamas met Fatah (long source).", "date": "2020-01-01", "source": "s" * 5000},
    {"text": "Hamas met Fatah (far future).", "date": "9999-12-31"},
    {"text": "Hamas met Fatah (year one).", "date": "0001-01-01"},
    {"text": "Hamas met Fatah, clean record two.", "date": "2020-01-02"},
]


def test_bulk_ingest_turns_database_refusals_into_record_errors(
    db: Engine, tmp_path: Path, use_extractor: Callable[..., None]
) -> None:
    use_extractor(fake_extractor)
    path = tmp_path / "hostile.jsonl"
    with path.open("wb") as out:
        for rec in HOSTILE_LINES:
            out.write(json.dumps(rec).encode() + b"\n")
        out.write(b'{"text": "\\ud800 lone surrogate", "date": "2020-01-01"}\n')
    outcomes: list[service.Outcome] = []
    summary = service.ingest_items(
        get_sessionmaker(), read_paths([path]), batch_size=3, on_outcome=outcomes.append
    )
    assert len(outcomes) == len(HOSTILE_LINES) + 1, "every record has a fate"
    assert summary.ingested + summary.failed + summary.duplicates == len(outcomes)
    for o in outcomes:
        if o.error is not None:
            assert o.error.startswith(f"{path}:"), o.error
            assert "Traceback" not in o.error
    by_line = {int(o.where.rsplit(":", 1)[1]): o for o in outcomes}
    # The clean records around the hostile ones went in.
    assert by_line[1].article_id and by_line[9].article_id
    with get_sessionmaker()() as s:
        stored = s.execute(select(func.count()).select_from(Article)).scalar_one()
    assert stored == summary.ingested
