"""A page of events with each event's details (participants, place, first linked statement) in
one statement: under load the round trips, not the work, were most of a page's time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    CompoundSelect,
    Select,
    Text,
    bindparam,
    cast,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.db import PREPARED
from app.models import Actor, Event, EventParticipant, Place, Statement
from app.query import prepared

# Plain column rows, not ORM entities: list and export paths only read them, and skipping the
# identity map and instance state roughly halves the Python time per page.
EVENT_COLUMNS = tuple(Event.__table__.c)
# A page's ids and keys, ordered and limited: one SELECT, or a UNION of ranges (`dyad_walk`).
Keys = Select[Any] | CompoundSelect[Any]
# What a page row carries of the event (`with_details`): what its JSON and cursor read. The
# event's own copies of its place's country and coordinates (kept for the location filters)
# are not part of it: the page shows the place's.
_UNREAD = frozenset({"country", "lat", "lon"})
PAGE_EVENT_COLUMNS = tuple(c for c in EVENT_COLUMNS if c.name not in _UNREAD)


def detail_columns(dialect: str) -> list[Any]:
    """Columns of an event's details, correlated on `events.id`: its first linked statement,
    its participants as one JSON array, and the place's columns but its id and match key (the query
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
        # As text on PostgreSQL too: `participant_rows` parses it with pydantic-core, about
        # twice as fast as the driver's json.loads.
        parts = (
            select(cast((func.json_agg if pg else func.json_group_array)(row_json), Text))
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
            # The place's id is the event's place_id, already a column of the event; its match
            # key is for storing, not shown.
            *(c.label(f"place_{c.name}") for c in place.c if c.name not in ("id", "match_key")),
        ]
    return built


_DETAILS: dict[str, list[Any]] = {}


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def details(session: Session, ids: list[int]) -> Select[Any]:
    """One row per event id with its details (`detail_columns`)."""
    place = Place.__table__
    return (
        select(Event.id, *detail_columns(dialect(session)))
        .select_from(Event)
        .outerjoin(place, place.c.id == Event.place_id)
        .where(Event.id.in_(ids))
    )


def keys(event_id: Any, key: Sequence[Any]) -> Select[Any]:
    """SELECT of an event id and its sort key, the inner query of `with_details`."""
    return select(event_id.label("id"), *(k.label(f"page_key{i}") for i, k in enumerate(key)))


def with_details(session: Session, limited: Keys, descending: bool) -> Select[Any]:
    """Each event of `limited` (a page of `keys` rows, ordered by the key and limited) with
    its columns and details, in the same statement. The events row and the details are read
    outside the LIMIT, so only for the rows of the page, whatever plan finds them; the page
    query itself carries only ids and keys, so building it is cheap and the events table is
    read only where a condition needs it."""
    sub = limited.subquery("page")
    events, place = Event.__table__, Place.__table__
    order = [c for c in sub.c if c.name.startswith("page_key")]
    return (
        select(*PAGE_EVENT_COLUMNS, *detail_columns(dialect(session)))
        .select_from(
            sub.join(events, events.c.id == sub.c.id).outerjoin(
                place, place.c.id == events.c.place_id
            )
        )
        .order_by(*(c.desc() if descending else c.asc() for c in order))
    )


def page_rows(
    session: Session,
    limited: Keys,
    descending: bool,
    params: Mapping[str, Any] | None = None,
) -> list[Any]:
    """The rows of `with_details(limited)`, in its order. On PostgreSQL in two statements:
    `limited` (ids and keys, planned for its values), then the page's events and details by id
    through one prepared statement (`by_ids`). Planned as one statement, the details joins
    cost PostgreSQL 0.7-1.8 ms of planning on every request (as much as running it), and
    building the joined statement ~0.5 ms of the API's CPU; by id, their plan is the same for
    every page, so it is made once per connection. An event deleted between the two
    statements (they are two snapshots in autocommit) sends the page back to one statement."""
    if dialect(session) != "postgresql":
        return fetch(session, with_details(session, limited, descending), params)
    ids = [r[0] for r in session.connection().execute(limited, dict(params or {}))]
    if not ids:
        return []
    found = {r.id: r for r in fetch(session, by_ids(), {"page_ids": ids})}
    if len(found) != len(set(ids)):
        return fetch(session, with_details(session, limited, descending), params)
    return [found[i] for i in ids]


@cache
def by_ids() -> Select[Any]:
    """The page's columns and details of the events whose ids are `page_ids` (PostgreSQL),
    prepared: the same statement for every page, whatever found the ids."""
    events, place = Event.__table__, Place.__table__
    ids = bindparam("page_ids", type_=ARRAY(BigInteger()))
    # The place by a lateral probe of its primary key per event. As a plain outer join, the
    # generic plan (which guesses 10 ids) hashed every place on every page; OFFSET 0 keeps
    # PostgreSQL from turning the lateral subquery back into that join.
    shown = [c for c in place.c if c.name not in ("id", "match_key")]
    at = (
        select(*shown)
        .where(place.c.id == events.c.place_id)
        .offset(literal_column("0"))
        .lateral("event_place")
    )
    said, parts = detail_columns("postgresql")[:2]
    stmt: Select[Any] = (
        select(
            *PAGE_EVENT_COLUMNS,
            said,
            parts,
            *(at.c[c.name].label(f"place_{c.name}") for c in shown),
        )
        .select_from(events.outerjoin(at, true()))
        .where(events.c.id == func.any(ids))
        .execution_options(**{PREPARED: True})
    )
    return stmt


def fetch(session: Session, stmt: Keys, params: Mapping[str, Any] | None = None) -> list[Any]:
    """Rows of `stmt` through the session's connection: plain column rows need none of the
    ORM's result processing, which cost about a third of a page's execute time. A statement
    marked `PREPARED` runs on psycopg's cursor itself once rendered (`app.query.prepared`)."""
    if stmt.get_execution_options().get(PREPARED):
        return prepared.fetch(session, stmt, params or {})
    return list(session.connection().execute(stmt, dict(params or {})).all())
