from __future__ import annotations

import difflib
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from app.identity import normalize_name
from app.models import Actor, ActorAffiliation, ActorAlias, Event, EventParticipant, Statement
from app.query import resolve
from app.query.event_filter import EventFilter, conditions
from app.query.paging import by_id
from app.schemas.actor import ActorDetail, ActorRef, Affiliation
from app.schemas.stats import Counterpart

# Fuzzy search compares against at most this many candidate aliases, so a one-letter typo
# costs a bounded amount of work however many actors are stored.
FUZZY_CANDIDATES = 2000
FUZZY_CUTOFF = 0.75


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# Fuzzy matching is public and costs len(q) x len(alias) per candidate: a query longer than any
# name gets no fuzzy pass, and cheap upper bounds skip candidates that cannot reach the cutoff.
FUZZY_MAX_CHARS = 60


def _similarity(a: str, b: str) -> float:
    """difflib's ratio, or 0 when its cheap upper bounds already say it is below the cutoff."""
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < FUZZY_CUTOFF:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.quick_ratio() < FUZZY_CUTOFF:
        return 0.0
    return matcher.ratio()


def fuzzy(
    session: Session, q: str, *, kind: str | None, country: str | None, limit: int
) -> list[Actor]:
    """Actors whose name or alias (or one of its words) is close to `q`, best first.

    Used when the prefix search finds nothing ("hamass", "abas"). Candidates share the first
    letter with `q`, so the alias index narrows the scan; difflib ranks them.
    """
    norm = normalize_name(q)
    if not 3 <= len(norm) <= FUZZY_MAX_CHARS or "%" in q or "_" in q:
        return []
    head = _like_escape(norm[0]) + "%"
    rows = session.execute(
        select(ActorAlias.actor_id, ActorAlias.normalized)
        .where(
            or_(
                ActorAlias.normalized.like(head, escape="\\"),
                ActorAlias.normalized.like("% " + head, escape="\\"),
            )
        )
        .limit(FUZZY_CANDIDATES)
    ).all()
    best: dict[int, float] = {}
    for actor_id, alias in rows:
        words = alias.split()
        spans = [alias] + [" ".join(words[i : i + len(norm.split())]) for i in range(len(words))]
        score = max(_similarity(norm, s) for s in spans)
        if score >= FUZZY_CUTOFF and score > best.get(actor_id, 0.0):
            best[actor_id] = score
    if not best:
        return []
    stmt = select(Actor).where(Actor.id.in_(best))
    if kind:
        stmt = stmt.where(Actor.kind == kind)
    if country:
        stmt = stmt.where(Actor.country == country)
    found = list(session.execute(stmt).scalars())
    found.sort(key=lambda a: (-best[a.id], a.id))
    return found[:limit]


def network(session: Session, actor_id: int, f: EventFilter, top: int) -> list[Counterpart]:
    """Counterpart actors in the actor's matching events, with counts per type and role."""
    me, other = aliased(EventParticipant), aliased(EventParticipant)
    stmt = (
        select(other.actor_id, other.role, Event.plover_type, func.count(func.distinct(Event.id)))
        .select_from(me)
        .join(other, (other.event_id == me.event_id) & (other.actor_id != actor_id))
        .join(Event, Event.id == me.event_id)
        .where(me.actor_id == actor_id, *conditions(session, f))
        .group_by(other.actor_id, other.role, Event.plover_type)
    )
    roles: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    kinds: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for other_id, role, kind, n in session.execute(stmt).all():
        roles[other_id][role] += n
        kinds[other_id][kind] += n
    totals = {
        o: int(n)
        for o, n in session.execute(
            select(other.actor_id, func.count(func.distinct(me.event_id)))
            .select_from(me)
            .join(other, (other.event_id == me.event_id) & (other.actor_id != actor_id))
            .join(Event, Event.id == me.event_id)
            .where(me.actor_id == actor_id, *conditions(session, f))
            .group_by(other.actor_id)
        ).all()
    }
    ranked = sorted(totals, key=lambda o: (-totals[o], o))[:top]
    refs = (
        {
            a.id: ActorRef.model_validate(a)
            for a in session.execute(select(Actor).where(Actor.id.in_(ranked))).scalars()
        }
        if ranked
        else {}
    )
    return [
        Counterpart(
            actor=refs[o],
            events=totals[o],
            as_source=roles[o].get("source", 0),
            as_target=roles[o].get("target", 0),
            as_other=roles[o].get("other", 0),
            by_type=dict(kinds[o]),
        )
        for o in ranked
    ]


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
        # "%" and "_" never survive normalisation, so no stored name contains them: a query
        # with them is text that matches nothing, never a pattern that matches more.
        if not norm or "%" in q or "_" in q:
            # Only punctuation or wildcards: no name folds to that, so nothing matches.
            return [], None
        # Prefix match on any alias's normalised form; LIKE metacharacters are escaped so a
        # client's "%" or "_" is matched as text.
        pattern = _like_escape(norm) + "%"
        stmt = stmt.where(
            select(ActorAlias.id)
            .where(
                ActorAlias.actor_id == Actor.id,
                or_(
                    ActorAlias.normalized.like(pattern, escape="\\"),
                    ActorAlias.normalized.like("% " + pattern, escape="\\"),
                ),
            )
            .exists()
        )
    if kind:
        stmt = stmt.where(Actor.kind == kind)
    if country:
        stmt = stmt.where(Actor.country == resolve.country_code(session, country))
    return by_id(session, stmt, Actor.id, limit=limit, cursor=cursor)


def detail(session: Session, actor: Actor) -> ActorDetail:
    aliases = sorted(
        set(
            session.execute(
                select(ActorAlias.alias).where(ActorAlias.actor_id == actor.id)
            ).scalars()
        )
    )
    org = aliased(Actor)
    affiliations = [
        Affiliation(
            actor=ActorRef.model_validate(o),
            role=a.role or None,
            first_article_id=a.first_article_id,
            last_article_id=a.last_article_id,
        )
        for a, o in session.execute(
            select(ActorAffiliation, org)
            .join(org, org.id == ActorAffiliation.organization_id)
            .where(ActorAffiliation.person_id == actor.id)
            .order_by(ActorAffiliation.id)
        ).all()
    ]
    members = [
        Affiliation(
            actor=ActorRef.model_validate(p),
            role=a.role or None,
            first_article_id=a.first_article_id,
            last_article_id=a.last_article_id,
        )
        for a, p in session.execute(
            select(ActorAffiliation, org)
            .join(org, org.id == ActorAffiliation.person_id)
            .where(ActorAffiliation.organization_id == actor.id)
            .order_by(ActorAffiliation.id)
        ).all()
    ]
    event_count, first_seen, last_seen = session.execute(
        select(
            func.count(func.distinct(EventParticipant.event_id)),
            func.min(EventParticipant.event_date),
            func.max(EventParticipant.event_date),
        ).where(EventParticipant.actor_id == actor.id)
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


__all__ = ["detail", "fuzzy", "network", "page"]
