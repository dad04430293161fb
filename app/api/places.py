"""Places: search (name, country, kind, bbox), detail, and the events inside a place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from app.api.compiled_route import CompiledRoute
from app.api.deps import DatabaseDep, SessionDep
from app.api.event_filter_params import EventFilterDep
from app.api.events import respond
from app.api.negotiation import FormatDep
from app.api.params import Id, PagingDep, PlainPagingDep, VersionDep, next_link
from app.errors import NotFound
from app.models import Place
from app.query import places as q
from app.query import resolve
from app.query.geo import BBox
from app.schemas import examples
from app.schemas.common import Page
from app.schemas.event import EventOut
from app.schemas.place import PlaceOut

router = APIRouter(tags=["places"], dependencies=[VersionDep], route_class=CompiledRoute)

PlaceId = Annotated[Id, Path(description="Place id.", examples=[3])]


@router.get(
    "/places",
    response_model=Page[PlaceOut],
    summary="Search geocoded places",
    responses=examples.ok({"items": [examples.PLACE], "next": None, "total": None}),
)
def list_places(
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PlainPagingDep,
    q_: Annotated[
        str | None,
        Query(
            alias="q",
            max_length=300,
            description="Name prefix, case-insensitive.",
            examples=["Gaza"],
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=100, description="ISO 3166-1 alpha-3 code or country name.", examples=["EGY"]
        ),
    ] = None,
    kind: Annotated[
        str | None,
        Query(
            max_length=16,
            description="city, region, territory, country, continent or other.",
            examples=["city"],
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=200,
            description="`minLon,minLat,maxLon,maxLat`, edges inclusive.",
            examples=["34.2,31.2,34.6,31.6"],
        ),
    ] = None,
) -> Page[PlaceOut]:
    box = BBox.parse(bbox) if bbox is not None else None
    rows, cursor = q.page(
        session,
        q=q_,
        country=country,
        kind=kind,
        bbox=box,
        limit=paging.limit,
        cursor=paging.cursor,
    )
    return Page[PlaceOut](
        items=[PlaceOut.model_validate(p) for p in rows], next=next_link(request, response, cursor)
    )


@router.get(
    "/places/{place_id}",
    response_model=PlaceOut,
    summary="One place",
    responses=examples.ok(examples.PLACE, not_found=True),
)
def get_place(place_id: PlaceId, session: SessionDep) -> PlaceOut:
    place = session.get(Place, place_id)
    if place is None:
        raise NotFound(f"no place with id {place_id}", param="place_id")
    return PlaceOut.model_validate(place)


@router.get(
    "/places/{place_id}/events",
    response_model=Page[EventOut],
    summary="Events at the place or inside it",
    description="Same filters and formats as `/events`, limited to this place and the places it "
    "contains.",
    responses=examples.events_responses(not_found=True),
)
def place_events(
    place_id: PlaceId,
    request: Request,
    response: Response,
    database: DatabaseDep,
    f: EventFilterDep,
    paging: PagingDep,
    fmt: FormatDep,
) -> Response:
    with database.read() as session:
        if session.get(Place, place_id) is None:
            raise NotFound(f"no place with id {place_id}", param="place_id")
        ids = resolve.place_ids(session, str(place_id))
        return respond(
            request,
            response,
            session,
            f.but(place_ids=ids),
            paging,
            fmt,
            filename=f"place-{place_id}-events",
        )
