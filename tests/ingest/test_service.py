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
    bad = f.extraction(actors=[f.HAMAS], events=[f.event("CONSULT", f.HAMAS, None, date=dt.date(2017, 9, 11))])
    bad.events[0].quad_class = 9  # violates a CHECK constraint after the article row is written
    factory = get_sessionmaker()
    outcome = store_one(factory, ReadItem("x.jsonl:3", article=bad.article), bad)
    assert outcome.error is not None and outcome.error.startswith("x.jsonl:3: could not store")
    good = f.extraction()
    assert store_one(factory, ReadItem("x.jsonl:4", article=good.article), good).error is None
    with factory() as s:
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 1
