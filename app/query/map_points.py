"""Events per located place for the map: one point per place with its count and the PLOVER type
and quad class most of its events have, so a map of 100k events draws a few thousand points."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Event, Place
from app.query.event_filter import EventFilter, conditions


@dataclass
class Point:
    place_id: int
    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    count: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_quad: Counter[int] = field(default_factory=Counter)

    @property
    def top_type(self) -> str:
        return min(self.by_type.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    @property
    def top_quad(self) -> int:
        return min(self.by_quad.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def points(session: Session, f: EventFilter, top: int) -> list[Point]:
    """The `top` places with most matching events, largest first."""
    n = func.count().label("n")
    grouped = (
        select(Event.place_id, Event.plover_type, Event.quad_class, n)
        .where(Event.place_id.is_not(None), Event.lat.is_not(None), *conditions(session, f))
        .group_by(Event.place_id, Event.plover_type, Event.quad_class)
    )
    per_place: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for place_id, kind, quad, count in session.execute(grouped).all():
        if place_id is not None:
            per_place[place_id].append((kind, int(quad), int(count)))
    ranked = sorted(per_place, key=lambda p: (-sum(c for _, _, c in per_place[p]), p))[:top]
    if not ranked:
        return []
    places = {p.id: p for p in session.execute(select(Place).where(Place.id.in_(ranked))).scalars()}
    out: list[Point] = []
    for pid in ranked:
        place = places.get(pid)
        if place is None or place.lat is None or place.lon is None:
            continue
        point = Point(pid, place.name, place.kind, place.country, place.lat, place.lon)
        for kind, quad, count in per_place[pid]:
            point.count += count
            point.by_type[kind] += count
            point.by_quad[quad] += count
        out.append(point)
    return out
