"""GET /events (page, or streamed export) and GET /events/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy.orm import Session

from app.api import event_json, exports
from app.api.compiled_route import CompiledRoute
from app.api.deps import DatabaseDep, SessionDep
from app.api.event_filter_params import EventFilterDep
from app.api.negotiation import Format, FormatDep
from app.api.params import Id, Paging, PagingDep, VersionDep, next_link
from app.errors import NotFound
from app.query import events as q
from app.query.event_filter import EventFilter
from app.schemas import examples
from app.schemas.common import Page
from app.schemas.event import EventOut

router = APIRouter(tags=["events"], dependencies=[VersionDep], route_class=CompiledRoute)


def respond(
    request: Request,
    response: Response,
    session: Session,
    f: EventFilter,
    paging: Paging,
    fmt: Format,
    filename: str = "events",
) -> Response:
    """A JSON page, or every match streamed as csv/geojson/ndjson (the other event lists use it
    too)."""
    if fmt != "json":
        if fmt == "geojson":
            f = f.but(located_only=True)
        return exports.export(request, q.export_statement(session, f, paging.cursor), fmt, filename)
    rows, cursor = q.page(session, f, limit=paging.limit, cursor=paging.cursor)
    total = q.count(session, f) if paging.count else None
    body = event_json.page(rows, next=next_link(request, response, cursor), total=total)
    return Response(body, media_type="application/json", headers=dict(response.headers))


@router.get(
    "/events",
    response_model=Page[EventOut],
    summary="Search coded events",
    description="Every filter combines with AND; repeated values of one filter mean any of them. "
    "JSON is paged with keyset cursors; `format=csv|geojson|ndjson` (or the matching `Accept`) "
    "streams every match instead. GeoJSON holds the events that have coordinates.",
    responses=examples.events_responses(),
)
def list_events(
    request: Request,
    response: Response,
    database: DatabaseDep,
    f: EventFilterDep,
    paging: PagingDep,
    fmt: FormatDep,
) -> Response:
    with database.read() as session:
        return respond(request, response, session, f, paging, fmt)


@router.get(
    "/events/{event_id}",
    response_model=EventOut,
    summary="One event with participants and place",
    responses=examples.ok(examples.EVENT, not_found=True),
)
def get_event(
    event_id: Annotated[Id, Path(description="Event id.", examples=[42])],
    session: SessionDep,
) -> EventOut:
    event = q.get(session, event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id}", param="event_id")
    return q.to_out(session, [event])[0]
