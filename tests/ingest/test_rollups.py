"""The rollups stay equal to the rows they count through random stores, deletes and reprocesses,
and /stats answers read from them equal the answers counted from the events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from sqlalchemy import Date, literal, select
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine
from app.extract.records import Extraction, ParticipantRecord
from app.ingest import rollups
from app.ingest.prune import delete_article, delete_records
from app.ingest.rollup_rows import period_start
from app.ingest.store import store_extraction, write_records
from app.models import ActorPeriodCount, DyadPeriodCount, DyadTotal
from app.models.rollup import GRAINS, period_of
from app.query import rollups as query_rollups
from app.query import stats, timeline
from app.query.event_filter import EventFilter
from app.query.periods import cover
from tests import factories as fx

ACTORS = [fx.HAMAS, fx.FATAH, fx.EGYPT, fx.EGYSPY, fx.QATAR]
TYPES = ["CONSULT", "ACCUSE", "ASSAULT", "AID"]
START = dt.date(2019, 12, 20)  # a range across two month ends and many week ends


def _random_extraction(rng: random.Random) -> Extraction:
    events = []
    for i in range(rng.randint(1, 4)):
        source, target = rng.choice(ACTORS), rng.choice(ACTORS)  # sometimes the same actor
        ev = fx.event(
            rng.choice(TYPES),
            source,
            target if rng.random() < 0.8 else None,
            date=START + dt.timedelta(days=rng.randint(0, 75)),
            sentence=i,
        )
        if rng.random() < 0.3:
            other = ParticipantRecord(rng.choice(ACTORS).key, "other")
            ev = dataclasses.replace(ev, participants=[*ev.participants, other])
        events.append(ev)
    return fx.extraction(actors=ACTORS, events=events)


def _rows(session: Session) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    a, d, t = ActorPeriodCount, DyadPeriodCount, DyadTotal
    actors = {
        tuple(r)
        for r in session.execute(
            select(a.actor_id, a.grain, a.period, a.plover_type, a.events)
            .add_columns(a.as_source, a.as_target, a.as_other)
            .where(a.events != 0)
        )
    }
    dyads = {
        tuple(r)
        for r in session.execute(
            select(d.period, d.source_id, d.target_id, d.plover_type, d.n).where(d.n != 0)
        )
    }
    totals = {tuple(r) for r in session.execute(select(t.source_id, t.target_id, t.n))}
    return actors, dyads | {("total", *r) for r in totals}


def _assert_rollups_match_a_rebuild(session: Session) -> None:
    kept = _rows(session)
    nested = session.begin_nested()
    rollups.rebuild(session.connection())
    rebuilt = _rows(session)
    nested.rollback()
    assert kept == rebuilt
    # Rows at zero are removed, never left behind.
    a, d = ActorPeriodCount, DyadPeriodCount
    assert not session.execute(select(a).where(a.events <= 0)).first()
    assert not session.execute(select(d).where(d.n <= 0)).first()


def _general(f: EventFilter) -> EventFilter:
    # A condition every event meets, which the rollups cannot answer: forces the events path.
    return f.but(min_confidence=0.0)


def _random_filter(rng: random.Random) -> EventFilter:
    day = START + dt.timedelta(days=rng.randint(-5, 70))
    date_from = day if rng.random() < 0.7 else None
    date_to = day + dt.timedelta(days=rng.randint(0, 45)) if rng.random() < 0.7 else None
    types = rng.sample(TYPES, rng.randint(1, 2)) if rng.random() < 0.4 else []
    return EventFilter(date_from=date_from, date_to=date_to, types=types)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_follow_stores_deletes_and_reprocesses(
    db: object, session: Session, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pairs counted one at a time, so the top-pairs bound decides after a few pairs, not all.
    monkeypatch.setattr(query_rollups, "FIRST_CHUNK", 1)
    rng = random.Random(seed)
    stored: list[int] = []
    for _ in range(40):
        roll = rng.random()
        if stored and roll < 0.2:
            assert delete_article(session, stored.pop(rng.randrange(len(stored))))
        elif stored and roll < 0.3:
            # Reprocess: the article's records replaced by a new extraction.
            article_id = rng.choice(stored)
            delete_records(session, article_id)
            write_records(session, article_id, _random_extraction(rng))
        else:
            stored.append(store_extraction(session, _random_extraction(rng)).article_id)
        session.commit()
    _assert_rollups_match_a_rebuild(session)

    for _ in range(25):
        f = _random_filter(rng)
        assert stats.actors(session, f, 50) == stats.actors(session, _general(f), 50), f
        for top in (1, 3, 50):
            assert stats.dyads(session, f, top) == stats.dyads(session, _general(f), top), f
        for role in ("any", "source", "target"):
            g = f.but(actor=[rng.choice(ACTORS).name], actor_role=role)
            for interval in ("week", "month"):
                for by in ("type", None):
                    fast = timeline.timeline(session, g, interval, by)  # type: ignore[arg-type]
                    slow = timeline.timeline(session, _general(g), interval, by)  # type: ignore[arg-type]
                    assert fast == slow, (g, interval, by)


def test_a_redelivered_article_is_counted_once(db: object, session: Session) -> None:
    extraction = _random_extraction(random.Random(9))
    store_extraction(session, extraction)
    session.commit()
    once = _rows(session)
    assert store_extraction(session, extraction).duplicate
    session.commit()
    assert _rows(session) == once


def test_cover_splits_a_range_into_months_weeks_and_days() -> None:
    # Wednesday 2024-01-10 .. Saturday 2024-03-09: one whole month, two whole weeks before it,
    # and no whole week in March.
    span = cover(dt.date(2024, 1, 10), dt.date(2024, 3, 9), ("month", "week"))
    assert [(p.grain, p.start, p.end) for p in span.periods] == [
        ("month", dt.date(2024, 2, 1), dt.date(2024, 3, 1)),
        ("week", dt.date(2024, 1, 15), dt.date(2024, 1, 29)),
    ]
    assert span.days == [
        (dt.date(2024, 1, 10), dt.date(2024, 1, 15)),
        (dt.date(2024, 1, 29), dt.date(2024, 2, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 10)),
    ]
    whole = cover(dt.date(2024, 1, 1), None, ("month", "week"))
    assert [(p.grain, p.start, p.end) for p in whole.periods] == [
        ("month", dt.date(2024, 1, 1), None)
    ]
    assert whole.days == []
    assert cover(None, dt.date(2024, 1, 2), ("week",)).days == [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 3))
    ]


def test_the_migration_backfills_what_the_store_keeps(tmp_path: Path) -> None:
    """Migration 0007's SQL counts the stored rows as the store did (SQLite file of its own)."""
    url = f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    rng = random.Random(4)
    with Session(engine) as s:
        for _ in range(12):
            store_extraction(s, _random_extraction(rng))
        s.commit()
        kept = _rows(s)
    assert kept[0] and kept[1]
    migrate.downgrade(url, "0006")
    migrate.upgrade(url)
    with Session(engine) as s:
        assert _rows(s) == kept
    engine.dispose()


def test_stores_group_periods_as_the_sql_that_subtracts_them(session: Session) -> None:
    """A store counts its events' periods in Python (`rollup_rows`), a delete subtracts them
    with SQL (`rollups.merges`): both must put every day in the same week and month."""
    dialect = session.get_bind().dialect.name
    days = [dt.date(2019, 12, 20) + dt.timedelta(days=i) for i in range(0, 800, 3)]
    for grain in GRAINS:
        sql = [
            session.execute(select(period_of(dialect, grain, literal(d, Date)))).scalar_one()
            for d in days
        ]
        assert [dt.date.fromisoformat(str(p)[:10]) for p in sql] == [
            period_start(grain, d) for d in days
        ]
