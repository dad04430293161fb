from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.params import PagingDep, next_link
from app.db import SessionDep
from app.errors import NotFound
from app.models import Actor
from app.query import actors as q
from app.schemas.actor import ActorDetail, ActorRef
from app.schemas.common import Page

router = APIRouter(tags=["actors"])

ActorKindParam = Literal["person", "organization", "state", "group", "agent"]


@router.get("/actors", response_model=Page[ActorRef], summary="Search actors by name or alias")
def list_actors(
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PagingDep,
    q_: Annotated[str | None, Query(alias="q", max_length=300, description="Prefix of any word of a name or alias, case- and accent-insensitive.", examples=["hama"])] = None,
    kind: Annotated[ActorKindParam | None, Query(description="Actor kind.", examples=["organization"])] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3.", examples=["PSE"])] = None,
) -> Page[ActorRef]:
    rows, cursor = q.page(session, q=q_, kind=kind, country=country, limit=paging.limit, cursor=paging.cursor)
    return Page[ActorRef](items=[ActorRef.model_validate(a) for a in rows],
                          next=next_link(request, response, cursor))


@router.get("/actors/{actor_id}", response_model=ActorDetail, summary="One actor with aliases, affiliations and counts")
def get_actor(actor_id: int, session: SessionDep) -> ActorDetail:
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise NotFound(f"no actor with id {actor_id}", param="actor_id")
    return q.detail(session, actor)
