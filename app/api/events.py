from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.params import EventFilterDep, PagingDep, next_link
from app.db import SessionDep
from app.errors import NotFound
from app.query import events as q
from app.schemas.common import Page
from app.schemas.event import EventOut

router = APIRouter(tags=["events"])


@router.get("/events", response_model=Page[EventOut], summary="List coded events, newest first")
def list_events(
    request: Request, response: Response, session: SessionDep, f: EventFilterDep, paging: PagingDep
) -> Page[EventOut]:
    rows, cursor = q.page(session, f, limit=paging.limit, cursor=paging.cursor)
    return Page[EventOut](items=q.to_out(session, rows), next=next_link(request, response, cursor))


@router.get("/events/{event_id}", response_model=EventOut, summary="One event with participants and place")
def get_event(event_id: int, session: SessionDep) -> EventOut:
    event = q.get(session, event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id}", param="event_id")
    return q.to_out(session, [event])[0]
