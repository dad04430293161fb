from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from app.models import Actor, ActorAffiliation, ActorAlias, EventParticipant, Statement
from app.normalize import normalize_name
from app.query.paging import by_id
from app.schemas.actor import ActorDetail, ActorRef, Affiliation


def page(
    session: Session,
    *,
    q: str | None,
    kind: str | None,
    country: str | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[Actor], str | None]:
    stmt = select(Actor)
    if q is not None:
        norm = normalize_name(q)
        if not norm:
            # Only punctuation or wildcards: no name folds to that, so nothing matches.
            return [], None
        # Prefix match on any alias's normalised form; LIKE metacharacters are escaped so a
        # client's "%" or "_" is matched as text.
        pattern = norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            select(ActorAlias.id)
            .where(ActorAlias.actor_id == Actor.id,
                   or_(ActorAlias.normalized.like(pattern, escape="\\"),
                       ActorAlias.normalized.like("% " + pattern, escape="\\")))
            .exists()
        )
    if kind:
        stmt = stmt.where(Actor.kind == kind)
    if country:
        stmt = stmt.where(Actor.country == country.upper())
    return by_id(session, stmt, Actor.id, limit=limit, cursor=cursor)


def detail(session: Session, actor: Actor) -> ActorDetail:
    aliases = sorted(set(session.execute(
        select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id)
    ).scalars()))
    org = aliased(Actor)
    affiliations = [
        Affiliation(actor=ActorRef.model_validate(o), role=a.role or None,
                    first_article_id=a.first_article_id, last_article_id=a.last_article_id)
        for a, o in session.execute(
            select(ActorAffiliation, org).join(org, org.id == ActorAffiliation.organization_id)
            .where(ActorAffiliation.person_id == actor.id).order_by(ActorAffiliation.id)
        ).all()
    ]
    members = [
        Affiliation(actor=ActorRef.model_validate(p), role=a.role or None,
                    first_article_id=a.first_article_id, last_article_id=a.last_article_id)
        for a, p in session.execute(
            select(ActorAffiliation, org).join(org, org.id == ActorAffiliation.person_id)
            .where(ActorAffiliation.organization_id == actor.id).order_by(ActorAffiliation.id)
        ).all()
    ]
    event_count, first_seen, last_seen = session.execute(
        select(func.count(func.distinct(EventParticipant.event_id)),
               func.min(EventParticipant.event_date), func.max(EventParticipant.event_date))
        .where(EventParticipant.actor_id == actor.id)
    ).one()
    statement_count = session.execute(
        select(func.count()).select_from(Statement).where(Statement.speaker_id == actor.id)
    ).scalar_one()
    return ActorDetail(
        **ActorRef.model_validate(actor).model_dump(),
        description=actor.description,
        aliases=aliases,
        affiliations=affiliations,
        members=members,
        event_count=event_count,
        statement_count=statement_count,
        first_seen=first_seen,
        last_seen=last_seen,
    )


__all__ = ["detail", "page"]
