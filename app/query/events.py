"""Event queries: the shared filter, keyset pagination for every sort, streaming exports."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, exists, func, select, tuple_
from sqlalchemy.orm import Session, aliased

from app.errors import InvalidParameter
from app.ids import fits_id
from app.models import Actor, Event, EventParticipant, Place, Statement
from app.query import resolve
from app.query.cursor import decode_cursor, encode_cursor
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
    RoleFilter,
)

# Every sort has a unique key (ties broken by id, in the sort's direction), so a keyset
# condition on that key picks up exactly where the previous page stopped.
_SORT_COLUMNS: dict[str, tuple[Any, Any]] = {
    "date": (Event.event_date, Event.id),
    "confidence": (Event.confidence, Event.id),
}
EXPORT_CHUNK = 1000


# Plain column rows, not ORM entities: list and export paths only read them, and skipping the
# identity map and instance state roughly halves the Python time per page.
EVENT_COLUMNS = tuple(Event.__table__.c)


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
    anchored = _anchored(session, f)
    if anchored is not None:
        rows = _anchored_rows(
            session, anchored.keys(), anchored.row, limit=limit, cursor=cursor, sort=f.sort
        )
    else:
        cols, descending = _columns(f.sort)
        stmt = _keys(Event.id, cols).where(*conditions(session, f))
        if cursor:
            stmt = after_cursor(stmt, f.sort, cursor)
        limited = ordered(stmt, f.sort).limit(limit + 1)
        rows = _fetch(session, _with_details(session, limited, descending))
    if len(rows) > limit:
        rows = rows[:limit]
        return rows, encode_cursor(f.sort, _key(rows[-1], f.sort))
    return rows, None


@dataclass
class Anchor:
    """A page driven by one actor's participant rows (see `_anchored`)."""

    row: Any  # the aliased event_participants row
    conds: list[Any]  # conditions on that row alone
    others: list[Any]  # conditions that need the events row

    def keys(self) -> Select[Any]:
        """The page's keys (see `_keys`) from the actor's participant rows; the events table
        is joined only when another condition needs it."""
        row = self.row
        stmt = _keys(row.event_id, (row.event_date, row.event_id)).where(*self.conds)
        if self.others:
            stmt = stmt.join(Event, Event.id == row.event_id).where(*self.others)
        return stmt

    def event_ids(self) -> Select[Any]:
        stmt = select(self.row.event_id).where(*self.conds)
        if self.others:
            stmt = stmt.join(Event, Event.id == self.row.event_id).where(*self.others)
        return stmt.distinct()


# Built once: a fresh alias per request cost ~2 ms of CPU (new column proxies, and a statement
# cache key computed from scratch instead of found).
_ANCHOR = aliased(EventParticipant)
_DYAD_OTHER = aliased(EventParticipant)


def _anchored(session: Session, f: EventFilter) -> Anchor | None:
    """For a date-sorted page with an actor filter: the query driven by that actor's
    participant rows, ordered by the row's (event_date, event_id).

    event_participants copies each event's date, so "actor X, newest first" is a backward range
    scan of (actor_id[, role], event_date, event_id) that stops after one page, instead of a
    walk over every event checking X or a sort of all of X's events.
    """
    if f.sort.lstrip("-") != "date":
        return None
    role = None if f.actor_role == "any" else f.actor_role
    if f.actor_ids:
        ids, rest = f.actor_ids, f.but(actor_ids=[])
    elif f.dyad:
        ids = resolve.actor_ids(session, [f.dyad[0]], param="dyad")
        role, rest = (RoleFilter.SOURCE if f.directed else None), f.but(dyad=None)
    elif f.actor:
        ids, rest = resolve.actor_ids(session, f.actor, param="actor"), f.but(actor=[])
    elif f.source:
        ids, role, rest = (
            resolve.actor_ids(session, f.source, param="source"),
            RoleFilter.SOURCE,
            f.but(source=[]),
        )
    elif f.target:
        ids, role, rest = (
            resolve.actor_ids(session, f.target, param="target"),
            RoleFilter.TARGET,
            f.but(target=[]),
        )
    else:
        return None
    if len(ids) != 1:
        # Several actors: no single index range is in date order; the EXISTS plan is better.
        return None
    row = _ANCHOR
    conds: list[Any] = [row.actor_id == ids[0]]
    if role:
        conds.append(row.role == role)
    # The date range goes on the row's copy of the date, so it narrows the same index range.
    if f.date_from:
        conds.append(row.event_date >= f.date_from)
    if f.date_to:
        conds.append(row.event_date <= f.date_to)
    if f.dyad:
        # B in the opposite role of the same event: one probe of (event_id, actor_id, role).
        other = _DYAD_OTHER
        b_ids = resolve.actor_ids(session, [f.dyad[1]], param="dyad")
        opposite = case(
            (row.role == "source", "target"), (row.role == "target", "source"), else_="none"
        )
        conds.append(
            exists(
                select(other.id).where(
                    other.event_id == row.event_id,
                    other.actor_id.in_(b_ids),
                    other.role == opposite,
                )
            )
        )
    return Anchor(row, conds, conditions(session, rest.but(date_from=None, date_to=None)))


def _anchored_rows(
    session: Session, stmt: Select[Any], anchor: Any, *, limit: int, cursor: str | None, sort: str
) -> list[Any]:
    """Up to limit + 1 distinct events. An event reached through two participant rows (two of
    the named actors, or one actor in two roles) comes twice, side by side in key order, so
    fetching on from the last key drops the repeat without skipping anything."""
    descending = sort.startswith("-")
    key = (anchor.event_date, anchor.event_id)
    stmt = stmt.order_by(*(c.desc() if descending else c.asc() for c in key))
    last: tuple[Any, int] | None = None
    if cursor:
        last = _parse_key(cursor, sort)
    rows: list[Any] = []
    seen: set[int] = set()
    while len(rows) <= limit:
        want = limit + 1 - len(rows)
        page_stmt = stmt
        if last is not None:
            row, bound = tuple_(*key), tuple_(*last)
            page_stmt = stmt.where(row < bound if descending else row > bound)
        limited = page_stmt.limit(want)
        batch = _fetch(session, _with_details(session, limited, descending))
        for r in batch:
            if r.id not in seen:
                seen.add(r.id)
                rows.append(r)
        if len(batch) < want:
            break
        last = (batch[-1].event_date, batch[-1].id)
    return rows


def count(session: Session, f: EventFilter) -> int:
    """Exact number of matches; with one actor filter it counts that actor's participant rows
    (an index range, joined to events only when other conditions need them)."""
    anchored = _anchored(session, f.but(sort="-date"))
    if anchored is not None:
        inner = anchored.event_ids().subquery()
        return int(session.execute(select(func.count()).select_from(inner)).scalar_one())
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


def _detail_columns(dialect: str) -> list[Any]:
    """Columns of an event's details, correlated on `events.id`: its first linked statement,
    its participants as one JSON array, and the place's columns but its id (the query
    outer-joins `places` on the event's place_id). Built once per dialect: they are the same
    for every page.

    Participants travel as JSON [role, actor id, name, kind, country, code, row id]: integers
    and strings only, so nothing is lost on the way; their order is set in Python.
    """
    built = _DETAILS.get(dialect)
    if built is None:
        pg = dialect == "postgresql"
        part, actor, place = EventParticipant, Actor, Place.__table__
        fields = (part.role, actor.id, actor.name, actor.kind, actor.country, actor.code, part.id)
        row_json = (func.json_build_array if pg else func.json_array)(*fields)
        parts = (
            select((func.json_agg if pg else func.json_group_array)(row_json))
            .select_from(part)
            .join(actor, actor.id == part.actor_id)
            .where(part.event_id == Event.id)
            .scalar_subquery()
        )
        said = (
            select(func.min(Statement.id)).where(Statement.event_id == Event.id).scalar_subquery()
        )
        built = _DETAILS[dialect] = [
            said.label("statement_id"),
            parts.label("parts"),
            # The place's id is the event's place_id, already a column of the event.
            *(c.label(f"place_{c.name}") for c in place.c if c.name != "id"),
        ]
    return built


_DETAILS: dict[str, list[Any]] = {}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _details(session: Session, ids: list[int]) -> Select[Any]:
    """One row per event id with its details (`_detail_columns`): one round trip to the
    database instead of three (under load, the round trips, not the work, were most of a
    page's time)."""
    place = Place.__table__
    return (
        select(Event.id, *_detail_columns(_dialect(session)))
        .select_from(Event)
        .outerjoin(place, place.c.id == Event.place_id)
        .where(Event.id.in_(ids))
    )


def _keys(event_id: Any, key: Sequence[Any]) -> Select[Any]:
    """SELECT of an event id and its sort key, the inner query of `_with_details`."""
    return select(event_id.label("id"), *(k.label(f"page_key{i}") for i, k in enumerate(key)))


def _with_details(session: Session, limited: Select[Any], descending: bool) -> Select[Any]:
    """Each event of `limited` (a page of `_keys` rows, ordered by the key and limited) with
    its columns and details, in the same statement: the page's query and its details are one
    round trip. The events row and the details are read outside the LIMIT, so only for the
    rows of the page, whatever plan finds them; the page query itself carries only ids and
    keys, so building it is cheap and the events table is read only where a condition needs
    it."""
    sub = limited.subquery("page")
    events, place = Event.__table__, Place.__table__
    order = [c for c in sub.c if c.name.startswith("page_key")]
    return (
        select(*EVENT_COLUMNS, *_detail_columns(_dialect(session)))
        .select_from(
            sub.join(events, events.c.id == sub.c.id).outerjoin(
                place, place.c.id == events.c.place_id
            )
        )
        .order_by(*(c.desc() if descending else c.asc() for c in order))
    )


def _fetch(session: Session, stmt: Select[Any]) -> list[Any]:
    """Rows of `stmt` through the session's connection: plain column rows need none of the
    ORM's result processing, which cost about a third of a page's execute time."""
    return list(session.connection().execute(stmt).all())


def participant_rows(value: Any) -> list[list[Any]]:
    """The JSON array of `_details` as [role, actor id, name, kind, country, code, row id]
    lists, in the order the API has always listed participants: by role descending (target,
    source, other), then by row id."""
    rows: list[list[Any]] = json.loads(value) if isinstance(value, str) else (value or [])
    rows.sort(key=lambda r: r[6])
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows


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
    details = {r.id: r for r in session.execute(_details(session, ids)).all()} if ids else {}
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
