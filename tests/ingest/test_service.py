"""The ingestion pipeline around extraction: a record the schema refuses fails alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.db import get_sessionmaker
from app.ingest.readers import ReadItem
from app.ingest.service import store_one
from app.models import Article
from tests import factories as f


def test_schema_refusal_fails_that_article_only(db: object) -> None:
    bad = f.extraction(
        actors=[f.HAMAS], events=[f.event("CONSULT", f.HAMAS, None, date=dt.date(2017, 9, 11))]
    )
    bad.events[0].quad_class = 9  # violates a CHECK constraint after the article row is written
    factory = get_sessionmaker()
    outcome = store_one(factory, ReadItem("x.jsonl:3", article=bad.article), bad)
    assert outcome.error is not None and outcome.error.startswith("x.jsonl:3: could not store")
    good = f.extraction()
    assert store_one(factory, ReadItem("x.jsonl:4", article=good.article), good).error is None
    with factory() as s:
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 1


def test_worker_pool_keeps_order_and_surfaces_errors() -> None:
    import pytest

    from app.ingest.parallel import extract_batches
    from tests.ingest.corpus import article_text

    batches = [(i, [f.extraction(text=article_text(i)).article]) for i in range(5)] + [(5, [])]
    out = list(extract_batches(iter(batches), workers=2))
    assert [ctx for ctx, _ in out] == [0, 1, 2, 3, 4, 5]
    assert [exs[0].article.text for _, exs in out[:5]] == [article_text(i) for i in range(5)]
    assert out[5][1] == []
    broken = [(0, [f.extraction().article.__class__(text=None, date=dt.date(2020, 1, 1))])]  # type: ignore[arg-type]
    with pytest.raises((TypeError, AttributeError)):
        list(extract_batches(iter(broken), workers=2))
