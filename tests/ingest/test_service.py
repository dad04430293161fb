"""The ingestion pipeline around extraction: a record the schema refuses fails alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from sqlalchemy import func, select

from app.db import get_sessionmaker
from app.extract.records import ArticleInput, Extraction
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


def poisoned_extractor() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    """For the pool's workers: one CONSULT event per article, which the schema refuses (its
    quad class violates a CHECK constraint) when the text says POISON."""
    return _poisoned_extract_many


def _poisoned_extract_many(articles: list[ArticleInput]) -> Iterator[Extraction]:
    for ex in f.one_consult_each(articles):
        if "POISON" in ex.article.text:
            ex.events[0].quad_class = 9
        yield ex


def test_a_batch_is_stored_on_one_connection_one_transaction_per_article(
    db: object, use_extractor: Callable[..., None]
) -> None:
    """The stores of an extracted batch share one checked-out connection (a checkout per
    article cost a ping round trip), and each article still commits alone: the refused one
    leaves nothing, the ones before and after it stay stored."""
    from sqlalchemy import Engine, event

    from app.ingest.service import ingest_items

    use_extractor(poisoned_extractor)
    factory = get_sessionmaker()
    engine = factory.kw["bind"]
    assert isinstance(engine, Engine)
    checkouts: list[object] = []
    items = [
        ReadItem(
            f"in.jsonl:{i}",
            article=ArticleInput(
                f"Item {i}: Hamas met officials in Doha.{' POISON' if i == 2 else ''}",
                dt.date(2019, 4, 1 + i),
            ),
        )
        for i in range(1, 5)
    ]

    def on_checkout(*_args: object) -> None:
        checkouts.append(1)

    event.listen(engine, "checkout", on_checkout)
    try:
        summary = ingest_items(factory, iter(items), batch_size=4)
    finally:
        event.remove(engine, "checkout", on_checkout)
    assert (summary.ingested, summary.failed) == (3, 1)
    assert summary.errors[0].startswith("in.jsonl:2: could not store")
    assert len(checkouts) == 2  # the batch's known-text lookup, then its four stores
    with factory() as s:
        texts = s.execute(select(Article.text)).scalars().all()
    assert sorted(t.split(":")[0] for t in texts) == ["Item 1", "Item 3", "Item 4"]
