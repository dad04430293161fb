"""Event queries: the shared filter, keyset pagination for every sort, streaming exports."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic_core import from_json
from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.ids import fits_id
from app.models import Event
from app.query import anchored, anchored_count, event_details
from app.query.cursor import decode_cursor, encode_cursor
from app.query.event_details import EVENT_COLUMNS, fetch, keys, page_rows
from app.query.event_filter import EventFilter, conditions
from app.schemas.actor import ActorRef
from app.schemas.common import Span
from app.schemas.event import EventOut, Participant
from app.schemas.place import PlaceOut
from app.schemas.trusted import member, trusted
from app.vocab import (
    ActorKind,
    DatePrecision,
    ParticipantRole,
    PlaceKind,
    PloverType,
    Provenance,
    QuadClass,
)

# Every sort has a unique key (ties broken by id, in the sort's direction), so a keyset
# condition on that key picks up exactly where the previous page stopped.
_SORT_COLUMNS: dict[str, tuple[Any, Any]] = {
    "date": (Event.event_date, Event.id),
    "confidence": (Event.confidence, Event.id),
}
EXPORT_CHUNK = 1000


def filtered(session: Session, f: EventFilter) -> Select[Any]:
    """SELECT of the columns of events matching `f` (no ordering, no paging)."""
    return select(*EVENT_COLUMNS).where(*conditions(session, f))


def _columns(sort: str) -> tuple[tuple[Any, Any], bool]:
    return _SORT_COLUMNS[sort.lstrip("-")], sort.startswith("-")


def ordered(stmt: Select[Any], sort: str) -> Select[Any]:
    cols, descending = _columns(sort)
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in cols))


def _key(event: Any, sort: str) -> list[Any]:
    if sort.lstrip("-") == "date":
        return [event.event_date.isoformat(), event.id]
    return [event.confidence, event.id]


def _parse_key(cursor: str, sort: str) -> tuple[Any, int]:
    key = decode_cursor(cursor, sort)
    try:
        if len(key) != 2:
            raise ValueError
        first: Any = dt.date.fromisoformat(key[0]) if sort.lstrip("-") == "date" else float(key[0])
        last_id = int(key[1])
        # An id that fits the column and a finite confidence: anything else was forged, and
        # would otherwise overflow the driver (a 500) instead of being refused.
        if not fits_id(last_id) or (isinstance(first, float) and not math.isfinite(first)):
            raise ValueError
        return first, last_id
    except (ValueError, TypeError, OverflowError):
        raise InvalidParameter("cursor is not valid", param="cursor") from None


def after_cursor(stmt: Select[Any], sort: str, cursor: str) -> Select[Any]:
    """Only rows strictly after the row `cursor` was made from, in `sort` order."""
    first, last_id = _parse_key(cursor, sort)
    cols, descending = _columns(sort)
    row, bound = tuple_(*cols), tuple_(first, last_id)
    return stmt.where(row < bound if descending else row > bound)


def page(
    session: Session, f: EventFilter, *, limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """One page in `f.sort` order, each row with its details (for `app.api.event_json`), and
    the cursor of the next page (None on the last)."""
    cols, descending = _columns(f.sort)
    a = anchored.anchor(session, f, defer_name=True)
    found = None
    if a is not None:
        last = _parse_key(cursor, f.sort) if cursor else None
        found = anchored.rows(session, a, limit=limit, last=last, descending=descending)
    if found is not None:
        rows = found
    else:
        stmt = keys(Event.id, cols).where(*conditions(session, f))
        if cursor:
            stmt = after_cursor(stmt, f.sort, cursor)
        limited = ordered(stmt, f.sort).limit(limit + 1)
        rows = page_rows(session, limited, descending)
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(f.sort, _key(rows[-1], f.sort))
    return rows, None


def count(session: Session, f: EventFilter) -> int:
    """Exact number of matches; with one actor filter it counts that actor's participant rows
    (an index range, joined to events only when other conditions need them)."""
    by_date = f.but(sort="-date")
    # An actor given as one name is resolved inside the count's statement, as in `page`: one
    # round trip instead of two. A name of several actors (or none: a 422) takes the look-up.
    a = anchored.anchor(session, by_date, defer_name=True)
    total = anchored_count.count(session, a) if a is not None else None
    if a is not None and total is None:
        a = anchored.anchor(session, by_date)
        total = anchored_count.count(session, a) if a is not None else None
    if total is not None:
        return total
    stmt = select(func.count()).select_from(Event).where(*conditions(session, f))
    return int(session.execute(stmt).scalar_one())


def export_statement(session: Session, f: EventFilter, cursor: str | None) -> Select[Any]:
    """Every match in sort order; built on the request's session so bad names fail as 422."""
    stmt = filtered(session, f)
    if cursor:
        stmt = after_cursor(stmt, f.sort, cursor)
    return ordered(stmt, f.sort)


def stream(
    session: Session, stmt: Select[Any], chunk: int = EXPORT_CHUNK
) -> Iterator[list[EventOut]]:
    """Chunks of serialised events with constant memory.

    `yield_per` makes PostgreSQL use a server-side cursor and SQLite step its cursor, so
    only one chunk of rows is ever in memory; participants and places load per chunk.
    """
    result = session.execute(stmt.execution_options(yield_per=chunk))
    for events in result.partitions(chunk):
        yield to_out(session, events)


def participant_rows(value: Any) -> list[list[Any]]:
    """The JSON array of `event_details.detail_columns` as [role, actor id, name, kind,
    country, code, row id] lists, in the order the API has always listed participants: by role
    descending (target, source, other), then by row id ascending (one sort: the key negates
    the id)."""
    rows: list[list[Any]] = from_json(value) if isinstance(value, str) else (value or [])
    if len(rows) == 2:
        # Most events have two participants: one comparison instead of a keyed sort.
        first, second = rows
        if first[0] < second[0] or (first[0] == second[0] and first[6] > second[6]):
            rows.reverse()
    elif len(rows) > 2:
        rows.sort(key=_participant_order, reverse=True)
    return rows


def _participant_order(row: list[Any]) -> tuple[str, int]:
    return row[0], -row[6]


def _participants(value: Any) -> list[Participant]:
    return [
        trusted(
            Participant,
            role=member(ParticipantRole, role),
            actor=trusted(
                ActorRef,
                id=actor_id,
                name=name,
                kind=member(ActorKind, kind),
                country=country,
                code=code,
            ),
        )
        for role, actor_id, name, kind, country, code, _ in participant_rows(value)
    ]


def to_out(session: Session, events: Sequence[Any]) -> list[EventOut]:
    """Events (ORM objects or column rows) with participants, place and statement, in one
    query."""
    ids = [e.id for e in events]
    details = {r.id: r for r in fetch(session, event_details.details(session, ids))} if ids else {}
    return [_out(e, details[e.id]) for e in events]


def _out(e: Any, d: Any) -> EventOut:
    """One event from its row `e` and its details `d` (see `_detail_columns`)."""
    # trusted(): the values come typed from the database (CHECK constraints hold them to the
    # vocabularies), so pydantic's validation would only re-check them; skipping it is about a
    # third of the CPU time of a page. Vocabulary columns are read back as their enums.
    place = (
        trusted(
            PlaceOut,
            id=e.place_id,
            name=d.place_name,
            kind=member(PlaceKind, d.place_kind),
            country=d.place_country,
            lat=d.place_lat,
            lon=d.place_lon,
            geonames_id=d.place_geonames_id,
            parent_id=d.place_parent_id,
        )
        if e.place_id
        else None
    )
    return trusted(
        EventOut,
        id=e.id,
        article_id=e.article_id,
        sentence_index=e.sentence_index,
        span=trusted(Span, start=e.start, end=e.end),
        sentence=e.sentence_text,
        trigger=e.trigger,
        trigger_span=trusted(Span, start=e.trigger_start, end=e.trigger_end),
        type=member(PloverType, e.plover_type),
        cameo=e.cameo_code,
        quad_class=member(QuadClass, e.quad_class),
        goldstein=e.goldstein,
        date=e.event_date,
        date_precision=member(DatePrecision, e.date_precision),
        date_source=_provenance(e.date_source),
        place=place,
        place_source=_provenance(e.place_source) if e.place_id else None,
        negated=e.negated,
        hypothetical=e.hypothetical,
        confidence=e.confidence,
        participants=_participants(d.parts),
        statement_id=d.statement_id,
    )


def _provenance(value: str | None) -> Provenance | None:
    return None if value is None else member(Provenance, value)


def get(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id)


__all__ = [
    "EventFilter",
    "count",
    "export_statement",
    "filtered",
    "get",
    "page",
    "stream",
    "to_out",
]
