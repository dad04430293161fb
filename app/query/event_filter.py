"""The one event filter shared by /events, its exports, /actors|/places/{id}/events and /stats/*.

`EventFilter` holds what the client asked for, already parsed and checked for shape;
`conditions()` resolves names against the database (422 when one names nothing) and turns
the filter into SQL conditions on `events`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, replace
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from app.errors import InvalidParameter
from app.models import Event, EventParticipant
from app.query import fulltext, resolve
from app.query.geo import BBox, Near
from app.vocab import DatePrecision, EventSort, PloverType, Provenance, QuadClass, RoleFilter


@dataclass
class EventFilter:
    actor: list[str] = field(default_factory=list)
    actor_role: RoleFilter = RoleFilter.ANY
    source: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    dyad: tuple[str, str] | None = None
    directed: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    date_precision: list[DatePrecision] = field(default_factory=list)
    place: str | None = None
    country: str | None = None
    bbox: BBox | None = None
    near: Near | None = None
    types: list[PloverType] = field(default_factory=list)
    cameo: list[str] = field(default_factory=list)
    quad: list[QuadClass] = field(default_factory=list)
    negated: bool | None = None
    hypothetical: bool | None = None
    min_confidence: float | None = None
    date_source: list[Provenance] = field(default_factory=list)
    place_source: list[Provenance] = field(default_factory=list)
    q: str | None = None
    article: int | None = None
    sort: EventSort = EventSort.DATE_DESC
    # Set by the routers, not by clients: /actors/{id}/events, /places/{id}/events, geojson.
    actor_ids: list[int] = field(default_factory=list)
    place_ids: list[int] = field(default_factory=list)
    located_only: bool = False

    def validate(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidParameter("date_from is after date_to", param="date_from")

    def but(self, **changes: Any) -> EventFilter:
        """A copy with `changes`; typed as dataclasses.replace takes them (it checks the names)."""
        return replace(self, **changes)

    def holds_only(self, *names: str) -> bool:
        """Whether every field but `names` has its default value (read in place: building
        copies and a blank filter to compare with cost a list page ~10 µs)."""
        return all(getattr(self, n) == d for n, d in _DEFAULTS if n not in names)


_DEFAULTS = tuple((f.name, getattr(EventFilter(), f.name)) for f in fields(EventFilter))


def _takes_part(actor_ids: list[int], role: str | None = None) -> ColumnElement[bool]:
    """EXISTS a participant row of one of `actor_ids` (in `role`) for the outer event."""
    if not actor_ids:
        return false()
    ep = aliased(EventParticipant)
    cond = [ep.event_id == Event.id, ep.actor_id.in_(actor_ids)]
    if role:
        cond.append(ep.role == role)
    return exists(select(ep.id).where(*cond))


def _dyad(a: list[int], b: list[int], directed: bool) -> ColumnElement[bool]:
    """One EXISTS over a source row joined to a target row of the same event.

    A single correlated probe per event (two rows via the event_id index) instead of OR-ed
    EXISTS clauses, which PostgreSQL turns into hashes of every event of both actors.
    """
    src, tgt = aliased(EventParticipant), aliased(EventParticipant)
    pair = and_(src.actor_id.in_(a), tgt.actor_id.in_(b))
    if not directed:
        pair = or_(pair, and_(src.actor_id.in_(b), tgt.actor_id.in_(a)))
    return exists(
        select(src.id)
        .join(tgt, and_(tgt.event_id == src.event_id, tgt.role == "target"))
        .where(src.event_id == Event.id, src.role == "source", pair)
    )


def conditions(session: Session, f: EventFilter) -> list[ColumnElement[bool]]:
    """SQL conditions on `events` for `f`; raises InvalidParameter for names matching nothing."""
    f.validate()
    out = _actor_conditions(session, f)
    out += _time_and_place_conditions(session, f)
    out += _coding_conditions(f)
    if f.q:
        out.append(
            fulltext.matches(
                session,
                f.q,
                id_column=Event.id,
                table_name="events",
                text_column=Event.sentence_text,
                tsv_column=literal_column("events.sentence_tsv"),
            )
        )
    if f.article is not None:
        out.append(Event.article_id == resolve.article_id(session, f.article))
    return out


def _actor_conditions(session: Session, f: EventFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.actor:
        role = None if f.actor_role == "any" else f.actor_role
        out.append(_takes_part(resolve.actor_ids(session, f.actor, param="actor"), role))
    if f.actor_ids:
        role = None if f.actor_role == "any" else f.actor_role
        out.append(_takes_part(f.actor_ids, role))
    if f.source:
        out.append(_takes_part(resolve.actor_ids(session, f.source, param="source"), "source"))
    if f.target:
        out.append(_takes_part(resolve.actor_ids(session, f.target, param="target"), "target"))
    if f.dyad:
        a, b = resolve.actor_id_groups(session, [[f.dyad[0]], [f.dyad[1]]], param="dyad")
        out.append(_dyad(a, b, f.directed))
    return out


def _time_and_place_conditions(session: Session, f: EventFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.date_from:
        out.append(Event.event_date >= f.date_from)
    if f.date_to:
        out.append(Event.event_date <= f.date_to)
    if f.date_precision:
        out.append(Event.date_precision.in_(f.date_precision))
    if f.place:
        out.append(Event.place_id.in_(resolve.place_ids(session, f.place, param="place")))
    if f.place_ids:
        out.append(Event.place_id.in_(f.place_ids))
    if f.country:
        out.append(Event.country == resolve.country_code(session, f.country))
    if f.bbox:
        out.append(f.bbox.where(Event.lat, Event.lon))
    if f.near:
        out.append(f.near.where(Event.lat, Event.lon))
    if f.located_only:
        out.append(and_(Event.lat.is_not(None), Event.lon.is_not(None)))
    return out


def _coding_conditions(f: EventFilter) -> list[ColumnElement[bool]]:
    """The event's coding and provenance: type, CAMEO, quad class, flags, where date/place came
    from."""
    out: list[ColumnElement[bool]] = []
    if f.types:
        out.append(Event.plover_type.in_(f.types))
    if f.cameo:
        out.append(or_(*(Event.cameo_code.startswith(c) for c in f.cameo)))
    if f.quad:
        out.append(Event.quad_class.in_(f.quad))
    if f.negated is not None:
        out.append(Event.negated == f.negated)
    if f.hypothetical is not None:
        out.append(Event.hypothetical == f.hypothetical)
    if f.min_confidence is not None:
        out.append(Event.confidence >= f.min_confidence)
    if f.date_source:
        out.append(Event.date_source.in_(f.date_source))
    if f.place_source:
        out.append(Event.place_source.in_(f.place_source))
    return out
