"""Concurrent and interrupted writes: duplicates are stored once, shared actors are one row,
and a failure part-way through an article leaves nothing of it behind."""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import random
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.db import get_sessionmaker
from app.extract.records import ActorRecord, ArticleInput, Extraction, PlaceRecord, StatementRecord
from app.ingest import service
from app.ingest.readers import ReadItem
from app.ingest.store import store_extraction
from app.main import create_app
from app.models import (
    Actor,
    ActorAlias,
    Article,
    Event,
    EventParticipant,
    Mention,
    Place,
    Statement,
)
from app.security.keys import create_key
from tests import factories as f
from tests.conftest import IS_POSTGRES
from tests.reliability.conftest import assert_problem, live_server

ROW_MODELS = (Article, Event, EventParticipant, Statement, Mention, Actor, ActorAlias, Place)


def count(model: type, *where: Any) -> int:
    with get_sessionmaker()() as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def all_counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in ROW_MODELS}


@pytest.fixture
def write_key(db: Engine) -> str:
    with get_sessionmaker()() as s:
        key = create_key(s, "writer", "write").key
        s.commit()
    return key


# --- 8 concurrent POST /articles of the same text -------------------------------------------


def test_eight_concurrent_posts_of_one_text_store_it_once(write_key: str) -> None:
    text = (
        "Hamas leader Ismail Haniyeh met Egyptian intelligence officials in Cairo on Monday "
        "to discuss reconciliation with Fatah, a Hamas spokesman said."
    )
    body = {"text": text, "date": "2017-09-12", "title": "Cairo talks"}
    app = create_app()
    barrier = threading.Barrier(8)

    def post(base: str) -> httpx.Response:
        with httpx.Client(base_url=base, timeout=120) as c:
            barrier.wait(timeout=60)
            return c.post("/articles", json=body, headers={"Authorization": f"Bearer {write_key}"})

    with live_server(app) as base:
        # Load the NLP model first, so the eight requests race on storage, not on the model load.
        with httpx.Client(base_url=base, timeout=120) as c:
            assert (
                c.post(
                    "/extract",
                    json={"text": "Warm-up.", "date": "2017-09-12"},
                    headers={"Authorization": f"Bearer {write_key}"},
                ).status_code
                == 200
            )
        with cf.ThreadPoolExecutor(max_workers=8) as pool:
            responses = list(pool.map(lambda _: post(base), range(8)))

    statuses = sorted(r.status_code for r in responses)
    assert all(s < 500 for s in statuses), [(r.status_code, r.text[:300]) for r in responses]
    assert statuses == [200] * 7 + [201], statuses
    created = next(r.json() for r in responses if r.status_code == 201)
    for r in responses:
        assert r.json()["id"] == created["id"]
        assert r.json()["duplicate"] is (r.status_code == 200)
    assert count(Article) == 1
    # The one stored copy has exactly the records one extraction produced, none doubled.
    assert count(Event) == len(created["events"])
    assert count(Statement) == len(created["statements"])
    assert count(Mention) == len(created["mentions"])


def test_concurrent_posts_of_different_texts_under_one_url_store_one(
    write_key: str, use_extractor: Callable[..., None]
) -> None:
    """Eight different texts posted at once under the same URL: one is stored (201), the others
    are told it conflicts (409 problem), none gets a 5xx, and no half-written article remains."""
    use_extractor(fake_extractor)
    app = create_app()
    barrier = threading.Barrier(8)

    def post(base: str, n: int) -> httpx.Response:
        body = {
            "text": f"Version {n}: Hamas met Egyptian intelligence officials in Cairo.",
            "date": "2017-09-12",
            "url": "https://example.org/cairo-talks",
        }
        with httpx.Client(base_url=base, timeout=120) as c:
            barrier.wait(timeout=60)
            return c.post("/articles", json=body, headers={"Authorization": f"Bearer {write_key}"})

    with live_server(app) as base, cf.ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda n: post(base, n), range(8)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 7, [(r.status_code, r.text[:200]) for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert_problem(r, 409)
    assert count(Article) == 1 and count(Event) == 1


# --- concurrent ingestion of different articles sharing new actors ---------------------------


def _article_with(
    actors: list[ActorRecord], places: list[PlaceRecord], n: int, round_: int
) -> Extraction:
    a, b = actors[0], actors[-1]
    return f.extraction(
        text=f"Round {round_}, article {n}: {a.name} met {b.name}.",
        actors=actors,
        places=places,
        events=[f.event("CONSULT", a, b, date=dt.date(2020, 1, 1 + n % 28), place=places[-1])],
        statements=[StatementRecord(0, 0, 5, "We met", "direct", "said", a.key)],
    )


def test_concurrent_articles_introducing_the_same_actors_make_one_row_each(db: Engine) -> None:
    """Eight threads with their own sessions store different articles that all introduce the same
    twelve new actors and two new places at the same moment, each listing the actors in its own
    order (a lock-order deadlock between the writers would show as a failed article)."""
    threads = 8
    factory = get_sessionmaker()
    rounds = 12 if IS_POSTGRES else 2
    for round_ in range(rounds):
        crowd = [
            ActorRecord(
                f"a{i}", f"Movement {round_}-{i}", "organization", "PSE", aliases=[f"M{round_}x{i}"]
            )
            for i in range(10)
        ]
        crowd += [
            ActorRecord("p1", f"Jane Doe{round_}", "person", "EGY", aliases=[f"Doe{round_}"]),
            ActorRecord("p2", f"John Roe{round_}", "person", "EGY", aliases=[f"Roe{round_}"]),
        ]
        country = PlaceRecord("pc", f"Land {round_}", "country", "EGY", 1.0, 2.0)
        city = PlaceRecord("pt", f"Town {round_}", "city", "EGY", 1.5, 2.5, parent="pc")
        barrier = threading.Barrier(threads)

        def store(
            n: int,
            crowd: list[ActorRecord] = crowd,
            places: list[PlaceRecord] = [country, city],  # noqa: B006
            round_: int = round_,
            barrier: threading.Barrier = barrier,
        ) -> int:
            actors = list(crowd)
            random.Random(round_ * 100 + n).shuffle(actors)
            extraction = _article_with(actors, places, n, round_)
            with factory.begin() as session:
                barrier.wait(timeout=60)
                return store_extraction(session, extraction).article_id

        with cf.ThreadPoolExecutor(max_workers=threads) as pool:
            ids = list(pool.map(store, range(threads)))

        assert len(set(ids)) == threads, "every article stored"
        for actor in crowd:
            assert count(Actor, Actor.name == actor.name) == 1, actor.name
        assert count(Place, Place.name == city.name) == 1
        assert count(Place, Place.name == country.name) == 1
        with factory() as s:
            crowd_ids = set()
            for actor in crowd:
                actor_id = s.execute(select(Actor.id).where(Actor.name == actor.name)).scalar_one()
                crowd_ids.add(actor_id)
                aliases = (
                    s.execute(select(ActorAlias.normalized).where(ActorAlias.actor_id == actor_id))
                    .scalars()
                    .all()
                )
                assert len(aliases) == len(set(aliases)) == 2, "each alias stored once"
            # Every article's event and statement point at the shared rows.
            speakers = (
                s.execute(select(Statement.speaker_id).where(Statement.article_id.in_(ids)))
                .scalars()
                .all()
            )
            participants = (
                s.execute(
                    select(EventParticipant.actor_id)
                    .join(Event, Event.id == EventParticipant.event_id)
                    .where(Event.article_id.in_(ids))
                )
                .scalars()
                .all()
            )
            assert len(speakers) == threads and set(speakers) <= crowd_ids
            assert len(participants) == 2 * threads and set(participants) <= crowd_ids


# --- failures part-way through ------------------------------------------------------------


class Boom(RuntimeError):
    pass


def _fake_extraction(article: ArticleInput) -> Extraction:
    ex = f.extraction(
        text=article.text,
        actors=[f.HAMAS, f.EGYSPY],
        places=[f.EGYPT_PLACE, f.CAIRO],
        events=[f.event("CONSULT", f.HAMAS, f.EGYSPY, date=article.date, place=f.CAIRO)],
    )
    ex.article = article  # keep the posted title/url/source
    return ex


def fake_extractor() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    """For the pool's workers: `_fake_extraction` of every article."""
    return lambda articles: (_fake_extraction(a) for a in articles)


def fake_extractor_with_statement() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    """As `fake_extractor`, with one statement more to write (written after the other rows)."""

    def with_statement(article: ArticleInput) -> Extraction:
        ex = _fake_extraction(article)
        ex.statements.append(StatementRecord(0, 0, 5, "We met", "direct", "said", "hamas"))
        return ex

    return lambda articles: (with_statement(a) for a in articles)


def raising_extractor() -> Callable[[list[ArticleInput]], Iterator[Extraction]]:
    def run(articles: list[ArticleInput]) -> Iterator[Extraction]:
        raise Boom("extractor crashed")
        yield  # pragma: no cover

    return run


def test_storage_failing_midway_through_a_bulk_run_leaves_no_partial_rows(
    db: Engine, monkeypatch: pytest.MonkeyPatch, use_extractor: Callable[..., None]
) -> None:
    """The writer crashing on the fourth article (not a per-record refusal: the run stops)
    leaves three whole articles; the rerun completes the rest without duplicates."""
    texts = [f"Article {i}: Hamas met Egyptian intelligence officials in Cairo." for i in range(6)]
    items = [
        ReadItem(f"in.jsonl:{i + 1}", article=ArticleInput(t, dt.date(2017, 9, 1 + i)))
        for i, t in enumerate(texts)
    ]
    use_extractor(fake_extractor)
    real_store = service.store_extraction

    def crashing_store(session: Session, extraction: Extraction, *rest: Any) -> Any:
        if extraction.article.text.startswith("Article 3"):
            raise Boom("writer crashed")
        return real_store(session, extraction, *rest)

    monkeypatch.setattr(service, "store_extraction", crashing_store)
    with pytest.raises(Boom):
        service.ingest_items(get_sessionmaker(), iter(items), batch_size=1)
    with get_sessionmaker()() as s:
        stored = set(s.execute(select(Article.text)).scalars())
        assert stored == set(texts[:3])
        for article in s.execute(select(Article)).scalars():
            assert _records_of(s, article.id) == (1, 2, 0), "a stored article has all its records"
    assert count(Event) == 3 and count(Actor) == 2

    monkeypatch.setattr(service, "store_extraction", real_store)
    summary = service.ingest_items(get_sessionmaker(), iter(items), batch_size=1)
    assert (summary.ingested, summary.duplicates, summary.failed) == (3, 3, 0)
    resumed = all_counts()
    _clear(db)
    service.ingest_items(get_sessionmaker(), iter(items), batch_size=1)
    assert all_counts() == resumed


def _records_of(s: Session, article_id: int) -> tuple[int, int, int]:
    """(events, event participants, mentions) of one article."""
    events = select(Event.id).where(Event.article_id == article_id)
    return (
        s.execute(
            select(func.count()).select_from(Event).where(Event.article_id == article_id)
        ).scalar_one(),
        s.execute(
            select(func.count())
            .select_from(EventParticipant)
            .where(EventParticipant.event_id.in_(events))
        ).scalar_one(),
        s.execute(
            select(func.count()).select_from(Mention).where(Mention.article_id == article_id)
        ).scalar_one(),
    )


def _clear(db: Engine) -> None:
    from tests.conftest import _empty_tables

    _empty_tables(db)


@pytest.mark.parametrize("where", ["extract", "store"])
def test_post_article_failing_midway_stores_nothing(
    write_key: str, monkeypatch: pytest.MonkeyPatch, use_extractor: Callable[..., None], where: str
) -> None:
    """Over HTTP: the extractor raising (a 422: that article's error), or the store raising after
    every row of the article was written (a 500), answers a problem document and leaves no row
    behind."""
    from app.ingest import bulk

    if where == "extract":
        use_extractor(raising_extractor)
    else:
        use_extractor(fake_extractor_with_statement)
        real_send = bulk.Writes.send

        def send(self: bulk.Writes, session: Session) -> None:
            real_send(self, session)
            assert session.execute(select(func.count()).select_from(Statement)).scalar_one()
            raise Boom("disk full after writing the article's rows")

        monkeypatch.setattr(bulk.Writes, "send", send)

    before = all_counts()
    with TestClient(create_app(), raise_server_exceptions=False) as client:
        r = client.post(
            "/articles",
            json={
                "text": "Hamas met Egyptian intelligence officials in Cairo.",
                "date": "2017-09-12",
            },
            headers={"Authorization": f"Bearer {write_key}"},
        )
    body = assert_problem(r, 422 if where == "extract" else 500)
    if where == "extract":
        assert "Boom: extractor crashed" in body["detail"] and body["param"] == "text"
    assert "Traceback" not in r.text
    assert all_counts() == before
