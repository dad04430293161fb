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


def test_pool_keeps_order_and_makes_failures_per_record() -> None:
    from app.extract.pool import ExtractionPool, Failed
    from tests.extract.fake_extractors import misbehaving
    from tests.ingest.corpus import article_text

    arts = [f.extraction(text=article_text(i)).article for i in range(5)]
    arts[3] = f.extraction(text=article_text(3) + " POISON").article
    batches = [(i, arts[i : i + 2]) for i in range(0, 5, 2)] + [(9, [])]
    with ExtractionPool(misbehaving, workers=2) as pool:
        out = list(pool.imap(iter(batches)))
    assert [ctx for ctx, _ in out] == [0, 2, 4, 9]
    results = [r for _, rs in out for r in rs]
    assert isinstance(results[3], Failed) and "poison" in results[3].reason
    ok = [r for i, r in enumerate(results) if i != 3]
    assert [r.article.text for r in ok] == [article_text(i) for i in (0, 1, 2, 4)]  # type: ignore[union-attr]
    assert out[3][1] == []
