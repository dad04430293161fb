"""Remove an article's records (for reprocessing or deletion) and the actors and places that
nothing references any more. Everything else keeps its id. Flush only; the caller commits."""

from __future__ import annotations

from sqlalchemy import CompoundSelect, delete, exists, or_, select, union
from sqlalchemy.orm import Session

from app.ingest import rollups
from app.models import (
    Actor,
    ActorAffiliation,
    Article,
    Event,
    EventParticipant,
    Mention,
    Place,
    Statement,
)


def referenced_entities(session: Session, article_id: int) -> tuple[set[int], set[int]]:
    """Actor and place ids the article's records point at: the only candidates for pruning."""
    actor_q: CompoundSelect[int | None] = union(
        select(EventParticipant.actor_id)
        .join(Event, Event.id == EventParticipant.event_id)
        .where(Event.article_id == article_id),
        select(Statement.speaker_id).where(
            Statement.article_id == article_id, Statement.speaker_id.is_not(None)
        ),
        select(Mention.actor_id).where(
            Mention.article_id == article_id, Mention.actor_id.is_not(None)
        ),
        select(ActorAffiliation.person_id).where(ActorAffiliation.first_article_id == article_id),
        select(ActorAffiliation.organization_id).where(
            ActorAffiliation.first_article_id == article_id
        ),
    )
    place_q = union(
        select(Event.place_id).where(Event.article_id == article_id, Event.place_id.is_not(None)),
        select(Mention.place_id).where(
            Mention.article_id == article_id, Mention.place_id.is_not(None)
        ),
    )
    actors = {int(i) for i in session.execute(actor_q).scalars() if i is not None}
    places = {int(i) for i in session.execute(place_q).scalars() if i is not None}
    return actors, places


def delete_records(session: Session, article_id: int) -> None:
    """Delete the article's events (participants cascade), statements and mentions, and the
    affiliations that only this article attested."""
    # The rollups still see the rows they subtract: uncounted first, then deleted.
    rollups.subtract_events(session, select(Event.id).where(Event.article_id == article_id))
    session.execute(delete(Event).where(Event.article_id == article_id))
    session.execute(delete(Statement).where(Statement.article_id == article_id))
    session.execute(delete(Mention).where(Mention.article_id == article_id))
    session.execute(
        delete(ActorAffiliation).where(
            ActorAffiliation.first_article_id == article_id,
            or_(
                ActorAffiliation.last_article_id == article_id,
                ActorAffiliation.last_article_id.is_(None),
            ),
        )
    )


def prune_orphans(session: Session, actor_ids: set[int], place_ids: set[int]) -> tuple[int, int]:
    """Delete those of the given actors and places that no record references any more
    (aliases and leftover affiliations cascade). Returns (actors removed, places removed)."""
    session.flush()
    # Affiliations whose every attesting article is gone (both refs nulled by the FK) go too.
    session.execute(
        delete(ActorAffiliation).where(
            ActorAffiliation.first_article_id.is_(None), ActorAffiliation.last_article_id.is_(None)
        )
    )
    removed_actors = 0
    if actor_ids:
        aid = Actor.id
        orphan = select(aid).where(
            aid.in_(actor_ids),
            ~exists().where(EventParticipant.actor_id == aid),
            ~exists().where(Statement.speaker_id == aid),
            ~exists().where(Mention.actor_id == aid),
            ~exists().where(ActorAffiliation.person_id == aid),
            ~exists().where(ActorAffiliation.organization_id == aid),
        )
        ids = list(session.execute(orphan).scalars())
        if ids:
            session.execute(delete(Actor).where(Actor.id.in_(ids)))
            removed_actors = len(ids)
    removed_places = 0
    # A removed city can leave its country unreferenced, so walk up the containment chain.
    candidates = set(place_ids)
    for _ in range(8):
        if not candidates:
            break
        parents = set(
            session.execute(
                select(Place.parent_id).where(
                    Place.id.in_(candidates), Place.parent_id.is_not(None)
                )
            ).scalars()
        )
        child = Place.__table__.alias("child")
        orphan = select(Place.id).where(
            Place.id.in_(candidates),
            ~exists().where(Event.place_id == Place.id),
            ~exists().where(Mention.place_id == Place.id),
            ~exists().where(child.c.parent_id == Place.id),
        )
        ids = list(session.execute(orphan).scalars())
        if not ids:
            break
        session.execute(delete(Place).where(Place.id.in_(ids)))
        removed_places += len(ids)
        candidates = {p for p in parents if p is not None} - set(ids)
    return removed_actors, removed_places


def delete_article(session: Session, article_id: int) -> bool:
    """Remove an article, everything extracted from it, and entities left unreferenced."""
    if session.get(Article, article_id) is None:
        return False
    actors, places = referenced_entities(session, article_id)
    delete_records(session, article_id)
    session.execute(delete(Article).where(Article.id == article_id))
    prune_orphans(session, actors, places)
    session.flush()
    return True
