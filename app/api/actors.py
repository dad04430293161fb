"""Actors: search, detail, their events, statements and network of counterparts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy.orm import Session

from app.api.compiled_route import CompiledRoute
from app.api.deps import DatabaseDep, SessionDep
from app.api.event_filter_params import AggregateFilterDep, EventFilterDep
from app.api.events import respond
from app.api.negotiation import FormatDep
from app.api.params import Id, PagingDep, PlainPagingDep, TopDep, VersionDep, next_link
from app.errors import NotFound
from app.models import Actor
from app.query import actors as q
from app.query import resolve
from app.query import statements as statement_q
from app.schemas import examples
from app.schemas.actor import ActorDetail, ActorRef
from app.schemas.common import Page
from app.schemas.event import EventOut
from app.schemas.statement import StatementOut
from app.schemas.stats import Counterpart, Items
from app.vocab import ActorKind, StatementKind

router = APIRouter(tags=["actors"], dependencies=[VersionDep], route_class=CompiledRoute)

ActorId = Annotated[Id, Path(description="Actor id.", examples=[1])]


def _actor(session: Session, actor_id: int) -> Actor:
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise NotFound(f"no actor with id {actor_id}", param="actor_id")
    return actor


@router.get(
    "/actors",
    response_model=Page[ActorRef],
    summary="Search actors by name or alias",
    description="`q` matches the start of any word of a name or alias (case- and "
    "accent-insensitive). "
    "When nothing starts that way, close spellings are returned instead, best first (one page).",
    responses=examples.ok({"items": [examples.ACTOR], "next": None, "total": None}),
)
def list_actors(
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PlainPagingDep,
    q_: Annotated[
        str | None,
        Query(
            alias="q",
            max_length=300,
            description="Prefix of any word of a name or alias; falls back to fuzzy matching.",
            examples=["hama"],
        ),
    ] = None,
    kind: Annotated[
        ActorKind | None, Query(description="Actor kind.", examples=["organization"])
    ] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=100, description="ISO 3166-1 alpha-3 code or country name.", examples=["PSE"]
        ),
    ] = None,
) -> Page[ActorRef]:
    rows, cursor = q.page(
        session, q=q_, kind=kind, country=country, limit=paging.limit, cursor=paging.cursor
    )
    if q_ and not rows and not paging.cursor:
        rows = q.fuzzy(
            session,
            q_,
            kind=kind,
            country=country and resolve.country_code(session, country),
            limit=paging.limit,
        )
    return Page[ActorRef](
        items=[ActorRef.model_validate(a) for a in rows], next=next_link(request, response, cursor)
    )


@router.get(
    "/actors/{actor_id}",
    response_model=ActorDetail,
    summary="One actor with aliases, affiliations and counts",
    responses=examples.ok(
        {
            **examples.ACTOR,
            "description": None,
            "aliases": ["Hamas", "Islamic Resistance Movement"],
            "affiliations": [],
            "members": [],
            "event_count": 12,
            "statement_count": 3,
            "first_seen": "2017-06-05",
            "last_seen": "2018-05-14",
        },
        not_found=True,
    ),
)
def get_actor(actor_id: ActorId, session: SessionDep) -> ActorDetail:
    return q.detail(session, _actor(session, actor_id))


@router.get(
    "/actors/{actor_id}/events",
    response_model=Page[EventOut],
    summary="Events the actor takes part in",
    description="Same filters and formats as `/events`; `actor_role` selects the actor's role here "
    "too.",
    responses=examples.events_responses(not_found=True),
)
def actor_events(
    actor_id: ActorId,
    request: Request,
    response: Response,
    database: DatabaseDep,
    f: EventFilterDep,
    paging: PagingDep,
    fmt: FormatDep,
) -> Response:
    with database.read() as session:
        _actor(session, actor_id)
        return respond(
            request,
            response,
            session,
            f.but(actor_ids=[actor_id]),
            paging,
            fmt,
            filename=f"actor-{actor_id}-events",
        )


@router.get(
    "/actors/{actor_id}/statements",
    response_model=Page[StatementOut],
    summary="What the actor said, newest first",
    responses=examples.ok(
        {"items": [examples.STATEMENT], "next": None, "total": None}, not_found=True
    ),
)
def actor_statements(
    actor_id: ActorId,
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PagingDep,
    date_from: Annotated[
        dt.date | None, Query(description="Earliest date (inclusive).", examples=["2017-09-01"])
    ] = None,
    date_to: Annotated[
        dt.date | None, Query(description="Latest date (inclusive).", examples=["2017-09-30"])
    ] = None,
    kind: Annotated[
        StatementKind | None,
        Query(description="Direct quote or reported speech.", examples=["direct"]),
    ] = None,
) -> Page[StatementOut]:
    _actor(session, actor_id)
    stmt = statement_q.filtered(
        session,
        speaker=[],
        speaker_ids=[actor_id],
        date_from=date_from,
        date_to=date_to,
        kind=kind,
        article=None,
    )
    rows, cursor = statement_q.page(session, stmt, limit=paging.limit, cursor=paging.cursor)
    total = statement_q.count(session, stmt) if paging.count else None
    return Page[StatementOut](
        items=statement_q.to_out(session, rows),
        next=next_link(request, response, cursor),
        total=total,
    )


@router.get(
    "/actors/{actor_id}/network",
    response_model=Items[Counterpart],
    summary="Counterparts: who the actor acts with or on, with counts per type and role",
    description="Counterpart actors in the actor's events matching the filter (same parameters as "
    "`/events`), most shared events first. `as_source` counts events where the counterpart was the "
    "source.",
    responses=examples.ok(
        {
            "items": [
                {
                    "actor": examples.EGYSPY,
                    "events": 3,
                    "as_source": 1,
                    "as_target": 2,
                    "as_other": 0,
                    "by_type": {"CONSULT": 3},
                }
            ]
        },
        not_found=True,
    ),
)
def actor_network(
    actor_id: ActorId, session: SessionDep, f: AggregateFilterDep, top: TopDep
) -> Items[Counterpart]:
    _actor(session, actor_id)
    return Items[Counterpart](items=q.network(session, actor_id, f, top))
