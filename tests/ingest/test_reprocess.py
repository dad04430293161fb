"""Replacing an article's records: gone records go, shared entities keep their ids."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app
from app.extract import EXTRACTOR_VERSION
from app.extract.records import ActorRecord, AffiliationRecord, MentionRecord
from app.ingest.prune import delete_article
from app.ingest.reprocess import replace_records
from app.ingest.store import store_extraction
from app.models import Actor, ActorAffiliation, ActorAlias, Article, Event, Mention, Place
from tests import factories as f

OBSOLETE = ActorRecord("old", "Obsolete Person", "person", "PSE", aliases=["Obsolete"])


def actor_id(session: Session, name: str) -> int | None:
    return session.execute(select(Actor.id).where(Actor.name == name)).scalar_one_or_none()


def place_names(session: Session) -> set[str]:
    return set(session.execute(select(Place.name)).scalars())


def test_replace_records_keeps_shared_ids_and_prunes_orphans(session: Session) -> None:
    first = store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, f.EGYSPY, OBSOLETE],
            places=[f.EGYPT_PLACE, f.CAIRO],
            events=[
                f.event("CONSULT", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 11), place=f.CAIRO)
            ],
            affiliations=[AffiliationRecord("old", "hamas", "spokesman")],
            mentions=[
                MentionRecord("old", "actor", 0, 0, 8, "Obsolete"),
                MentionRecord("p-cairo", "place", 0, 60, 65, "Cairo"),
            ],
        ),
    )
    other = store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS], mentions=[MentionRecord("hamas", "actor", 0, 0, 5, "Hamas")]
        ),
    )
    session.commit()
    hamas, egyspy = actor_id(session, "Hamas"), actor_id(session, "Egyptian intelligence")

    new = f.extraction(
        actors=[f.HAMAS, f.EGYSPY],
        events=[f.event("ACCUSE", f.HAMAS, f.EGYSPY, date=dt.date(2017, 9, 12))],
    )
    new.extractor_version = "test-2"
    counts, removed = replace_records(session, first.article_id, new)
    session.commit()

    assert counts.events == 1 and removed == (
        1,
        2,
    )  # Obsolete Person; Cairo, then Egypt above it
    assert (actor_id(session, "Hamas"), actor_id(session, "Egyptian intelligence")) == (
        hamas,
        egyspy,
    )
    assert actor_id(session, "Obsolete Person") is None
    assert (
        session.execute(
            select(func.count()).select_from(ActorAlias).where(ActorAlias.alias == "Obsolete")
        ).scalar_one()
        == 0
    )
    assert session.execute(select(func.count()).select_from(ActorAffiliation)).scalar_one() == 0
    assert place_names(session) == set()
    assert [e.plover_type for e in session.execute(select(Event)).scalars()] == ["ACCUSE"]
    assert session.get(Article, first.article_id).extractor_version == "test-2"  # type: ignore[union-attr]
    # The other article is untouched.
    assert (
        session.execute(
            select(func.count()).select_from(Mention).where(Mention.article_id == other.article_id)
        ).scalar_one()
        == 1
    )


def test_delete_article_removes_everything_only_it_named(session: Session) -> None:
    gone = store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS, OBSOLETE],
            places=[f.EGYPT_PLACE, f.CAIRO],
            events=[
                f.event("CONSULT", f.HAMAS, OBSOLETE, date=dt.date(2017, 9, 11), place=f.CAIRO)
            ],
        ),
    )
    store_extraction(
        session,
        f.extraction(
            actors=[f.HAMAS],
            places=[f.EGYPT_PLACE],
            mentions=[
                MentionRecord("hamas", "actor", 0, 0, 5, "Hamas"),
                MentionRecord("p-egy", "place", 0, 9, 14, "Egypt"),
            ],
        ),
    )
    session.commit()
    assert delete_article(session, gone.article_id)
    session.commit()
    assert session.get(Article, gone.article_id) is None
    assert set(session.execute(select(Actor.name)).scalars()) == {"Hamas"}
    assert place_names(session) == {"Egypt"}
    assert session.execute(select(func.count()).select_from(Event)).scalar_one() == 0
    assert not delete_article(session, gone.article_id)


def test_dyad_reprocess_outdated_rewrites_with_current_extractor(session: Session) -> None:
    old = store_extraction(
        session,
        f.extraction(
            text="Hamas met Egyptian intelligence officials in Cairo on Monday.",
            actors=[f.HAMAS, OBSOLETE],
            mentions=[MentionRecord("old", "actor", 0, 0, 5, "Hamas")],
        ),
    )
    session.commit()
    hamas = actor_id(session, "Hamas")
    result = CliRunner().invoke(app, ["reprocess", "--outdated"])
    assert result.exit_code == 0, result.output
    assert "reprocessed 1 articles" in result.output
    session.expire_all()
    assert session.get(Article, old.article_id).extractor_version == EXTRACTOR_VERSION  # type: ignore[union-attr]
    assert actor_id(session, "Obsolete Person") is None
    assert actor_id(session, "Hamas") == hamas  # still named by the new records, so same id
    assert session.execute(select(func.count()).select_from(Mention)).scalar_one() > 0
    again = CliRunner().invoke(app, ["reprocess", "--outdated"])
    assert again.exit_code == 0 and "nothing to reprocess" in again.output
