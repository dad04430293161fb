"""A database connection dropped while a batch is stored (review R10: it ended the ingest).

The batch's stores share one connection; when it drops, the article whose transaction broke is
rolled back with it and the batch is taken up once on a new connection from that article, so
every record is stored exactly once. A second drop in the same batch still ends the ingest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.db import get_sessionmaker
from app.extract.records import ArticleInput, Extraction
from app.ingest import service
from app.ingest.bulk import Writes
from app.ingest.readers import ReadItem
from app.models import Article
from tests import factories as f
from tests.conftest import requires_postgres


def fake_extractor() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    """For the pool's workers: one CONSULT event per article."""
    return f.one_consult_each


def _items(n: int) -> list[ReadItem]:
    return [
        ReadItem(
            f"in.jsonl:{i}",
            article=ArticleInput(
                f"Dispatch {i}: the harbour board met ferry operators in Valletta.",
                dt.date(2021, 3, i),
            ),
        )
        for i in range(1, n + 1)
    ]


def _stored_texts() -> list[str]:
    with get_sessionmaker()() as s:
        return sorted(t.split(":")[0] for t in s.execute(select(Article.text)).scalars())


def _drop_on(stores: set[int]) -> Callable[[Session, Writes, service.Outcome], None]:
    """An `on_store` hook (run inside each article's transaction) whose connection drops while
    the article numbered in `stores` (1-based, counting every call) is being stored."""
    calls = [0]

    def hook(session: Session, _writes: Writes, _outcome: service.Outcome) -> None:
        calls[0] += 1
        if calls[0] in stores:
            _kill(session)

    return hook


def _kill(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # The real thing: the server ends this connection's backend.
        session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        raise AssertionError("the backend outlived its own termination")
    raise OperationalError("COMMIT", {}, Exception("server closed the connection"), False, True)


@requires_postgres
def test_a_backend_killed_mid_batch_is_taken_up_on_a_new_connection(
    db: Engine, use_extractor: Callable[..., None]
) -> None:
    """The server really ends the writer's backend while the batch's second article is stored:
    the ingest goes on, and each of the batch's four articles is stored once."""
    use_extractor(fake_extractor)
    outcomes: list[service.Outcome] = []
    summary = service.ingest_items(
        get_sessionmaker(),
        iter(_items(4)),
        batch_size=4,
        on_outcome=outcomes.append,
        on_store=_drop_on({2}),
    )
    assert (summary.ingested, summary.failed, summary.duplicates) == (4, 0, 0)
    assert [o.where for o in outcomes] == [f"in.jsonl:{i}" for i in range(1, 5)]
    assert _stored_texts() == [f"Dispatch {i}" for i in range(1, 5)]


def test_a_dropped_connection_is_retried_once_per_batch(
    db: Engine, use_extractor: Callable[..., None]
) -> None:
    """On any database: a store that raises a disconnect is taken up again from that article,
    whose own transaction was rolled back, so the batch's records come out exact."""
    use_extractor(fake_extractor)
    summary = service.ingest_items(
        get_sessionmaker(), iter(_items(4)), batch_size=4, on_store=_drop_on({3})
    )
    assert (summary.ingested, summary.failed, summary.duplicates) == (4, 0, 0)
    assert _stored_texts() == [f"Dispatch {i}" for i in range(1, 5)]
    with get_sessionmaker()() as s:
        assert s.execute(select(func.count()).select_from(Article)).scalar_one() == 4


def test_a_second_drop_in_one_batch_ends_the_ingest_and_the_next_batch_retries_afresh(
    db: Engine, use_extractor: Callable[..., None]
) -> None:
    """One retry per batch: two drops in a batch propagate (what was committed stays), while a
    drop in each of two batches is taken up in each."""
    use_extractor(fake_extractor)
    with pytest.raises(OperationalError):
        service.ingest_items(
            get_sessionmaker(), iter(_items(4)), batch_size=4, on_store=_drop_on({2, 3})
        )
    assert _stored_texts() == ["Dispatch 1"]
    # Stores: Dispatch 2, 3 (dropped), 3 again | 4 (dropped), 4 again, 5 | 6.
    summary = service.ingest_items(
        get_sessionmaker(), iter(_items(6)[1:]), batch_size=2, on_store=_drop_on({2, 4})
    )
    assert (summary.ingested, summary.failed, summary.duplicates) == (5, 0, 0)
    assert _stored_texts() == [f"Dispatch {i}" for i in range(1, 7)]
