"""Aggregations by place (`/stats/places`, `/stats/map`): counts per place as JSON, GeoJSON or
flat rows, and located places with their main event type for maps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from app.api import formats
from app.api.deps import SessionDep
from app.api.event_filter_params import AggregateFilterDep
from app.api.negotiation import Format, StatsFormatDep, accepted
from app.api.params import TopDep, VersionDep
from app.api.stats import FLAT, ok_responses
from app.query import map_points
from app.query import stats as q
from app.schemas import examples
from app.schemas.place import PlaceOut
from app.schemas.stats import Items, MapPoint, PlaceCount
from app.vocab import PlaceKind

router = APIRouter(prefix="/stats", tags=["stats"], dependencies=[VersionDep])


PLACE_COLUMNS = ["place_id", "name", "kind", "country", "lat", "lon", "geonames_id", "count"]


def _place_row(p: Any, count: int) -> dict[str, Any]:
    return {
        "place_id": p.id,
        "name": p.name,
        "kind": p.kind,
        "country": p.country,
        "lat": p.lat,
        "lon": p.lon,
        "geonames_id": p.geonames_id,
        "count": count,
    }


@router.get(
    "/places",
    response_model=Items[PlaceCount],
    summary="Counts per place, as JSON, GeoJSON or flat rows",
    description="`format=geojson` returns an RFC 7946 FeatureCollection of Points with `count` "
    "among the properties (places without coordinates are left out of it).",
    responses={
        200: {
            "content": {
                "application/json": {"example": {"items": [{"place": examples.PLACE, "count": 3}]}},
                "application/geo+json": {
                    "schema": {"type": "object"},
                    "example": {
                        "type": "FeatureCollection",
                        "features": [
                            {
                                "type": "Feature",
                                "id": 3,
                                "geometry": {"type": "Point", "coordinates": [31.24967, 30.06263]},
                                "properties": {**examples.PLACE, "count": 3},
                            }
                        ],
                    },
                },
                **FLAT,
            }
        }
    },
)
def places(
    request: Request,
    session: SessionDep,
    f: AggregateFilterDep,
    top: TopDep,
    format: Annotated[
        Format | None,
        Query(
            description="json (default), geojson, or flat rows as csv or ndjson; overrides "
            "`Accept`.",
            examples=["geojson"],
        ),
    ] = None,
) -> Items[PlaceCount] | Response:
    fmt = format or accepted(request, ("json", "geojson", "csv", "ndjson"))
    rows = q.places(session, f, top)
    if fmt == "geojson":
        features = [
            {
                "type": "Feature",
                "id": r.place.id,
                "geometry": {"type": "Point", "coordinates": [r.place.lon, r.place.lat]},
                "properties": {**r.place.model_dump(mode="json"), "count": r.count},
            }
            for r in rows
            if r.place.lat is not None and r.place.lon is not None
        ]
        return JSONResponse(
            {"type": "FeatureCollection", "features": features}, media_type="application/geo+json"
        )
    if fmt in ("csv", "ndjson"):
        flat = [_place_row(r.place, r.count) for r in rows]
        return formats.flat_rows(flat, PLACE_COLUMNS, fmt, "places")
    return Items[PlaceCount](items=rows)


@router.get(
    "/map",
    response_model=Items[MapPoint],
    summary="Located places with their event counts and main type, for maps",
    description="One row per place with coordinates: its count, the PLOVER type and quad class "
    "most of its events have, and counts per type. The largest `top` places (up to 5000).",
    responses=ok_responses(
        {
            "items": [
                {
                    "place": examples.PLACE,
                    "count": 3,
                    "top_type": "CONSULT",
                    "top_quad": 1,
                    "by_type": {"CONSULT": 3},
                }
            ]
        },
        "place_id,name,kind,country,lat,lon,geonames_id,count,top_type,top_quad\r\n",
    ),
)
def map_(
    session: SessionDep,
    f: AggregateFilterDep,
    fmt: StatsFormatDep,
    top: Annotated[
        int, Query(ge=1, le=5000, description="How many places, busiest first.", examples=[2000])
    ] = 2000,
) -> Items[MapPoint] | Response:
    found = map_points.points(session, f, top)
    items = [
        MapPoint(
            place=PlaceOut(
                id=p.place_id,
                name=p.name,
                kind=PlaceKind(p.kind),
                country=p.country,
                lat=p.lat,
                lon=p.lon,
            ),
            count=p.count,
            top_type=p.top_type,
            top_quad=p.top_quad,
            by_type=dict(p.by_type),
        )
        for p in found
    ]
    if fmt != "json":
        flat = [
            {**_place_row(m.place, m.count), "top_type": m.top_type, "top_quad": m.top_quad}
            for m in items
        ]
        return formats.flat_rows(flat, [*PLACE_COLUMNS, "top_type", "top_quad"], fmt, "map")
    return Items[MapPoint](items=items)
