"""An event's JSON object written by PostgreSQL, byte for byte what the API serialises.

Building a page's JSON in Python (dicts for 50 events, then pydantic-core's `to_json`) was a
fifth of a page's CPU in the API process, the largest part left that `/healthz` does not pay.
PostgreSQL writes each event's object in the statement that reads it instead, and the page is
the fragments joined (`app.api.event_json`). Everything in an event is an integer, a string, a
boolean, a date, null, or one of four floats. Strings go through `to_json`, whose escapes are
the ones pydantic-core writes (quote, backslash, \\b \\f \\n \\r \\t, other control characters as
lowercase \\u00XX, nothing else). Floats are the one thing the two write differently: both print
the shortest digits that read back as the same number, but PostgreSQL writes an exponent
outside [1e-4, 1e15) where pydantic-core writes 0.00001, and `5` where it writes `5.0`. So a
float is used only inside that range (or zero), with `.0` added to a whole number, and an event
with any other float (or NaN) gets no fragment: its object is built in Python as before.
`tests/api/test_event_json.py` holds the bytes to the models' on PostgreSQL, odd values included.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, Text, and_, case, cast, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import ColumnElement

from app.models import Actor, Event, EventParticipant, Place, Statement

# The label of the fragment's column in a page's rows.
COLUMN = "event_json"
# The label of the participants' JSON array (no participants: the array is empty).
PARTICIPANTS = "participants_json"


def _lit(text: str) -> ColumnElement[Any]:
    """A constant piece of JSON, written into the SQL (a bound value would be sent every time)."""
    return literal_column("'" + text.replace("'", "''") + "'", Text)


def _text(value: Any) -> ColumnElement[Any]:
    return cast(value, Text)


def _string(value: Any, nullable: bool = False) -> ColumnElement[Any]:
    quoted = _text(func.to_json(value))
    return func.coalesce(quoted, _lit("null")) if nullable else quoted


def _integer(value: Any, nullable: bool = False) -> ColumnElement[Any]:
    return func.coalesce(_text(value), _lit("null")) if nullable else _text(value)


def _boolean(value: Any) -> ColumnElement[Any]:
    return case((value, _lit("true")), else_=_lit("false"))


def _plain(value: Any) -> ColumnElement[bool]:
    """True when PostgreSQL prints `value` without an exponent (and it is a number)."""
    magnitude = func.abs(value)
    # Written into the SQL, not bound: bound values would be sent with every page.
    zero, low, high = (literal_column(n, Float) for n in ("0", "1e-4::float8", "1e15::float8"))
    return or_(value == zero, and_(magnitude >= low, magnitude < high))


def _float(value: Any, nullable: bool = False) -> ColumnElement[Any]:
    """A float as pydantic-core writes it, when `_plain`: `5.0` for 5, `-0.0` for -0."""
    written = func.concat(
        _text(value), case((value == func.trunc(value), _lit(".0")), else_=_lit(""))
    )
    return case((value.is_(None), _lit("null")), else_=written) if nullable else written


def details() -> tuple[Any, Any]:
    """Two LATERAL subqueries for a page's FROM, each read once per event: its participants
    as the API's JSON array (`participants_json`: target, source, other, then by row id, as
    `app.query.events.participant_rows` orders them) and its first linked statement
    (`statement_id`). Both the fragment and the plain columns use them."""
    part, actor = EventParticipant, Actor
    one = func.concat(
        _lit('{"role":'),
        _string(part.role),
        _lit(',"actor":{"id":'),
        _integer(actor.id),
        _lit(',"name":'),
        _string(actor.name),
        _lit(',"kind":'),
        _string(actor.kind),
        _lit(',"country":'),
        _string(actor.country, nullable=True),
        _lit(',"code":'),
        _string(actor.code, nullable=True),
        _lit("}}"),
    )
    listed = func.string_agg(
        one, aggregate_order_by(_lit(","), part.role.collate("C").desc(), part.id)
    )
    participants = (
        select(func.concat(_lit("["), listed, _lit("]")).label(PARTICIPANTS))
        .select_from(part)
        .join(actor, actor.id == part.actor_id)
        .where(part.event_id == Event.id)
        .lateral("listed")
    )
    said = (
        select(func.min(Statement.id).label("statement_id"))
        .where(Statement.event_id == Event.id)
        .lateral("said")
    )
    return participants, said


def _place() -> ColumnElement[Any]:
    place = Place.__table__.c
    return case(
        (Event.place_id.is_(None), _lit("null")),
        else_=func.concat(
            _lit('{"id":'),
            _integer(Event.place_id),
            _lit(',"name":'),
            _string(place.name),
            _lit(',"kind":'),
            _string(place.kind),
            _lit(',"country":'),
            _string(place.country, nullable=True),
            _lit(',"lat":'),
            _float(place.lat, nullable=True),
            _lit(',"lon":'),
            _float(place.lon, nullable=True),
            _lit(',"geonames_id":'),
            _integer(place.geonames_id, nullable=True),
            _lit(',"parent_id":'),
            _integer(place.parent_id, nullable=True),
            _lit("}"),
        ),
    )


def fragment(participants: Any, statement_id: Any) -> ColumnElement[Any]:
    """The event's JSON object (EventOut, fields in order), or NULL when one of its floats is
    not `_plain`. Correlated on `events` and an outer-joined `places`, as in
    `app.query.event_details.with_details`; `participants` and `statement_id` are the columns
    of `details`."""
    place = Place.__table__.c
    e = Event
    floats_plain = and_(
        _plain(e.goldstein),
        _plain(e.confidence),
        or_(
            e.place_id.is_(None),
            and_(
                or_(place.lat.is_(None), _plain(place.lat)),
                or_(place.lon.is_(None), _plain(place.lon)),
            ),
        ),
    )
    written = func.concat(
        _lit('{"id":'),
        _integer(e.id),
        _lit(',"article_id":'),
        _integer(e.article_id),
        _lit(',"sentence_index":'),
        _integer(e.sentence_index),
        _lit(',"span":{"start":'),
        _integer(e.start),
        _lit(',"end":'),
        _integer(e.end),
        _lit('},"sentence":'),
        _string(e.sentence_text),
        _lit(',"trigger":'),
        _string(e.trigger),
        _lit(',"trigger_span":{"start":'),
        _integer(e.trigger_start),
        _lit(',"end":'),
        _integer(e.trigger_end),
        _lit('},"type":'),
        _string(e.plover_type),
        _lit(',"cameo":'),
        _string(e.cameo_code),
        _lit(',"quad_class":'),
        _integer(e.quad_class),
        _lit(',"goldstein":'),
        _float(e.goldstein),
        _lit(',"date":'),
        _string(e.event_date),
        _lit(',"date_precision":'),
        _string(e.date_precision),
        _lit(',"date_source":'),
        _string(e.date_source, nullable=True),
        _lit(',"place":'),
        _place(),
        _lit(',"place_source":'),
        case((e.place_id.is_(None), _lit("null")), else_=_string(e.place_source, nullable=True)),
        _lit(',"negated":'),
        _boolean(e.negated),
        _lit(',"hypothetical":'),
        _boolean(e.hypothetical),
        _lit(',"confidence":'),
        _float(e.confidence),
        _lit(',"participants":'),
        participants,
        _lit(',"statement_id":'),
        _integer(statement_id, nullable=True),
        _lit("}"),
    )
    return case((floats_plain, written), else_=None)
