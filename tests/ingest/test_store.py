"""Storing extractions: one row per actor across articles, dedupe by content, atomic articles."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import get_sessionmaker
from app.extract.records import ActorRecord, AffiliationRecord, MentionRecord, StatementRecord
from app.ingest import store as store_module
from app.ingest.store import UrlConflict, store_extraction
from app.models import (
    Actor,
    ActorAffiliation,
    ActorAlias,
    Article,
    Event,
    EventParticipant,
    Mention,
    Place,
    Statement,
)
from tests import factories as f
from tests.conftest import requires_postgres


def count(session: Session, model: type) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_store_writes_every_record_with_links(session: Session) -> None:
    haniyeh = ActorRecord("h", "Ismail Haniyeh", "person", "PSE", aliases=["Haniyeh"])
    ex = f.extraction(
        actors=[f.HAMAS, f.EGYSPY, haniyeh],
        places=[f.EGYPT_PLACE, f.CAIRO],
        events=[f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), place=f.CAIRO)],
        statements=[StatementRecord(0, 0, 5, "ready", "direct", "said", "hamas")],
        affiliations=[AffiliationRecord("h", "hamas", "head of the politburo")],
        mentions=[
            MentionRecord("hamas", "actor", 0, 20, 25, "Hamas"),
            MentionRecord("p-cairo", "place", 0, 60, 65, "Cairo"),
        ],
    )
    result = store_extraction(session, ex)
    session.commit()
    assert not result.duplicate and result.events == 1 and result.statements == 1
    event = session.execute(select(Event)).scalar_one()
    assert (event.plover_type, event.country, event.event_date) == (
        "CONSULT",
        "EGY",
        dt.date(2017, 9, 11),
    )
    cairo = session.get(Place, event.place_id)
    assert cairo is not None and cairo.name == "Cairo"
    assert session.get(Place, cairo.parent_id).name == "Egypt"  # type: ignore[union-attr]
    roles = {
        (p.role, session.get(Actor, p.actor_id).name)
        for p in session.execute(select(EventParticipant)).scalars()
    }  # type: ignore[union-attr]
    assert roles == {("source", "Hamas"), ("target", "Egyptian intelligence")}
    aff = session.execute(select(ActorAffiliation)).scalar_one()
    assert aff.role == "head of the politburo" and aff.first_article_id == result.article_id
    assert session.execute(select(Statement)).scalar_one().speaker_id is not None
    assert count(session, Mention) == 2


def test_same_text_twice_is_stored_once(session: Session) -> None:
    ex = f.extraction(
        actors=[f.HAMAS], events=[f.event("CONSULT", f.HAMAS, None, date=dt.date(2017, 9, 11))]
    )
    first = store_extraction(session, ex)
    session.commit()
    second = store_extraction(session, ex)
    session.commit()
    assert second.duplicate and second.article_id == first.article_id
    assert count(session, Article) == 1 and count(session, Event) == 1


def test_actor_is_one_row_across_articles_but_namesakes_stay_apart(session: Session) -> None:
    abbas = ActorRecord("a", "Mahmoud Abbas", "person", "PSE", aliases=["Abbas"])
    other_abbas = ActorRecord("b", "Abbas Araghchi", "person", "IRN", aliases=["Abbas"])
    store_extraction(session, f.extraction(actors=[f.HAMAS, abbas]))
    store_extraction(
        session,
        f.extraction(actors=[ActorRecord("x", "HAMAS", "organization", "PSE"), other_abbas]),
    )
    store_extraction(
        session, f.extraction(actors=[ActorRecord("y", "Mahmoud Abbás", "person", "PSE")])
    )
    session.commit()
    names = sorted(session.execute(select(Actor.name)).scalars())
    assert names == ["Abbas Araghchi", "Hamas", "Mahmoud Abbas"]
    # The shared surname is an alias of both, and neither absorbed the other.
    owners = (
        session.execute(select(ActorAlias.actor_id).where(ActorAlias.normalized == "abbas"))
        .scalars()
        .all()
    )
    assert len(set(owners)) == 2


def test_states_and_coded_agents_merge_by_code(session: Session) -> None:
    store_extraction(session, f.extraction(actors=[f.EGYPT, f.EGYSPY]))
    store_extraction(
        session,
        f.extraction(
            actors=[
                ActorRecord("e", "Arab Republic of Egypt", "state", "EGY", "EGY"),
                ActorRecord("s", "Egyptian intelligence service", "agent", "EGY", "EGYSPY"),
            ]
        ),
    )
    session.commit()
    assert count(session, Actor) == 2
    aliases = set(session.execute(select(ActorAlias.alias)).scalars())
    assert {"Arab Republic of Egypt", "Egyptian intelligence service"} <= aliases


def test_failure_midway_leaves_no_partial_article(db) -> None:  # type: ignore[no-untyped-def]
    bad = f.extraction(
        actors=[f.HAMAS], events=[f.event("CONSULT", f.HAMAS, None, date=dt.date(2017, 9, 11))]
    )
    bad.events[
        0
    ].plover_type = "NOT_A_TYPE"  # violates the CHECK constraint after the article row is in
    factory = get_sessionmaker()
    with pytest.raises(IntegrityError), factory.begin() as s:
        store_extraction(s, bad)
    with factory() as s:
        assert count(s, Article) == 0 and count(s, Actor) == 0 and count(s, Event) == 0


def test_same_url_with_other_text_is_a_conflict(session: Session) -> None:
    store_extraction(session, f.extraction(url="https://example.org/a"))
    session.commit()
    with pytest.raises(UrlConflict):
        store_extraction(session, f.extraction(url="https://example.org/a"))


@requires_postgres
def test_a_row_deleted_between_the_check_and_the_insert_leaves_no_empty_article(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL checks for the text and inserts the article in two statements of one pipeline:
    when the row the check saw is deleted before the insert runs, the insert goes in, and the
    article must then get its records, not be reported a duplicate of the deleted row."""
    real = store_module.prefetch

    def stale_check(*args: Any) -> Any:
        pre = real(*args)
        pre.stored = [(10**9, True)]  # what the check saw: a row gone by the insert
        return pre

    monkeypatch.setattr(store_module, "prefetch", stale_check)
    event = f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2021, 5, 4))
    ex = f.extraction(actors=[f.HAMAS, f.EGYSPY], events=[event])
    result = store_extraction(session, ex)
    session.commit()
    assert not result.duplicate and result.events == 1
    assert count(session, Article) == 1 and count(session, Event) == 1
