from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.params import PagingDep, next_link
from app.db import SessionDep
from app.errors import NotFound
from app.models import Place
from app.query import places as q
from app.schemas.common import Page
from app.schemas.place import PlaceOut

router = APIRouter(tags=["places"])


@router.get("/places", response_model=Page[PlaceOut], summary="Search geocoded places")
def list_places(
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PagingDep,
    q_: Annotated[str | None, Query(alias="q", max_length=300, description="Name prefix, case-insensitive.", examples=["Gaza"])] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3.", examples=["EGY"])] = None,
    kind: Annotated[str | None, Query(max_length=16, description="city, region, territory, country, …", examples=["city"])] = None,
) -> Page[PlaceOut]:
    rows, cursor = q.page(session, q=q_, country=country, kind=kind, limit=paging.limit, cursor=paging.cursor)
    return Page[PlaceOut](items=[PlaceOut.model_validate(p) for p in rows],
                          next=next_link(request, response, cursor))


@router.get("/places/{place_id}", response_model=PlaceOut, summary="One place")
def get_place(place_id: int, session: SessionDep) -> PlaceOut:
    place = session.get(Place, place_id)
    if place is None:
        raise NotFound(f"no place with id {place_id}", param="place_id")
    return PlaceOut.model_validate(place)
