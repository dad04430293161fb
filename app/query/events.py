"""Event queries: one filter model, keyset pagination, batched loading of participants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, exists, select, tuple_
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.models import Actor, Event, EventParticipant, Place
from app.query import resolve
from app.query.cursor import decode_cursor, encode_cursor
from app.schemas.actor import ActorRef
from app.schemas.common import Span
from app.schemas.event import EventOut, Participant
from app.schemas.place import PlaceOut


@dataclass
class EventFilter:
    actor: list[str] = field(default_factory=list)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str | None = None
    country: str | None = None
    article: int | None = None

    def validate(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidParameter("date_from is after date_to", param="date_from")


def filtered(session: Session, f: EventFilter) -> Select[tuple[Event]]:
    """SELECT of events matching `f` (no ordering, no paging)."""
    f.validate()
    stmt = select(Event)
    if f.actor:
        ids = resolve.actor_ids(session, f.actor)
        stmt = stmt.where(
            exists().where(EventParticipant.event_id == Event.id, EventParticipant.actor_id.in_(ids))
        )
    if f.date_from:
        stmt = stmt.where(Event.event_date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Event.event_date <= f.date_to)
    if f.place:
        stmt = stmt.where(Event.place_id.in_(resolve.place_ids(session, f.place)))
    if f.country:
        stmt = stmt.where(Event.country == f.country.upper())
    if f.article is not None:
        stmt = stmt.where(Event.article_id == f.article)
    return stmt


def page(
    session: Session, f: EventFilter, *, limit: int, cursor: str | None
) -> tuple[list[Event], str | None]:
    """One page of events, newest first, and the cursor of the next page (None on the last)."""
    stmt = filtered(session, f)
    if cursor:
        key = decode_cursor(cursor, "-date")
        try:
            last_date, last_id = dt.date.fromisoformat(key[0]), int(key[1])
        except (ValueError, TypeError, IndexError):
            raise InvalidParameter("cursor is not valid", param="cursor") from None
        stmt = stmt.where(tuple_(Event.event_date, Event.id) < tuple_(last_date, last_id))
    rows = list(
        session.execute(stmt.order_by(Event.event_date.desc(), Event.id.desc()).limit(limit + 1)).scalars()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor("-date", [rows[-1].event_date.isoformat(), rows[-1].id])
    return rows, next_cursor


def to_out(session: Session, events: Sequence[Event]) -> list[EventOut]:
    """Events with participants and places, loaded in two queries whatever the page size."""
    ids = [e.id for e in events]
    parts: dict[int, list[Participant]] = {i: [] for i in ids}
    if ids:
        rows = session.execute(
            select(EventParticipant.event_id, EventParticipant.role, Actor)
            .join(Actor, Actor.id == EventParticipant.actor_id)
            .where(EventParticipant.event_id.in_(ids))
            .order_by(EventParticipant.event_id, EventParticipant.role.desc(), EventParticipant.id)
        ).all()
        for event_id, role, actor in rows:
            parts[event_id].append(Participant(role=role, actor=ActorRef.model_validate(actor)))
    place_ids = {e.place_id for e in events if e.place_id is not None}
    places = {
        p.id: PlaceOut.model_validate(p)
        for p in session.execute(select(Place).where(Place.id.in_(place_ids))).scalars()
    } if place_ids else {}
    return [
        EventOut(
            id=e.id,
            article_id=e.article_id,
            sentence_index=e.sentence_index,
            span=Span(start=e.start, end=e.end),
            sentence=e.sentence_text,
            trigger=e.trigger,
            trigger_span=Span(start=e.trigger_start, end=e.trigger_end),
            type=e.plover_type,
            cameo=e.cameo_code,
            quad_class=e.quad_class,
            goldstein=e.goldstein,
            date=e.event_date,
            date_precision=e.date_precision,
            place=places.get(e.place_id) if e.place_id else None,
            negated=e.negated,
            hypothetical=e.hypothetical,
            confidence=e.confidence,
            participants=parts[e.id],
        )
        for e in events
    ]


def get(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id)


__all__ = ["EventFilter", "filtered", "get", "page", "to_out"]
