"""Aggregations for dashboards; every endpoint takes the same filter as /events."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from app.api.params import EventFilterDep, TopDep, VersionDep
from app.db import SessionDep
from app.query import stats as q
from app.schemas import examples
from app.schemas.stats import ActorCount, DyadCount, Items, PlaceCount, Timeline, TypeCount

router = APIRouter(prefix="/stats", tags=["stats"], dependencies=[VersionDep])


@router.get(
    "/timeline",
    response_model=Timeline,
    summary="Event counts per day, week or month",
    description="Every period from the first to the last with a matching event, empty periods as 0.",
    responses=examples.ok(
        {
            "interval": "month",
            "by": "type",
            "buckets": [{"period": "2017-09-01", "count": 4, "by": {"CONSULT": 3, "AGREE": 1}}],
        }
    ),
)
def timeline(
    session: SessionDep,
    f: EventFilterDep,
    interval: Annotated[
        Literal["day", "week", "month"],
        Query(description="Period length; weeks start on Monday.", examples=["month"]),
    ] = "month",
    by: Annotated[
        Literal["type", "quad"] | None,
        Query(
            description="Split each period's count by PLOVER type or quad class.", examples=["type"]
        ),
    ] = None,
) -> Timeline:
    return Timeline(interval=interval, by=by, buckets=q.timeline(session, f, interval, by))


@router.get(
    "/dyads",
    response_model=Items[DyadCount],
    summary="Top source → target pairs with counts by type",
    responses=examples.ok(
        {
            "items": [
                {
                    "source": examples.ACTOR,
                    "target": examples.EGYSPY,
                    "count": 3,
                    "by_type": {"CONSULT": 3},
                }
            ]
        }
    ),
)
def dyads(session: SessionDep, f: EventFilterDep, top: TopDep) -> Items[DyadCount]:
    return Items[DyadCount](items=q.dyads(session, f, top))


@router.get(
    "/actors",
    response_model=Items[ActorCount],
    summary="Top actors by events, with role split",
    responses=examples.ok(
        {
            "items": [
                {
                    "actor": examples.ACTOR,
                    "events": 12,
                    "as_source": 7,
                    "as_target": 5,
                    "as_other": 0,
                }
            ]
        }
    ),
)
def actors(session: SessionDep, f: EventFilterDep, top: TopDep) -> Items[ActorCount]:
    return Items[ActorCount](items=q.actors(session, f, top))


@router.get(
    "/types",
    response_model=Items[TypeCount],
    summary="Counts per PLOVER type and quad class",
    responses=examples.ok({"items": [{"type": "CONSULT", "quad_class": 1, "count": 3}]}),
)
def types(session: SessionDep, f: EventFilterDep) -> Items[TypeCount]:
    return Items[TypeCount](items=q.types(session, f))


@router.get(
    "/places",
    response_model=Items[PlaceCount],
    summary="Counts per place, as JSON or GeoJSON",
    description="`format=geojson` returns an RFC 7946 FeatureCollection of Points with `count` among "
    "the properties (places without coordinates are left out of it).",
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
            }
        }
    },
)
def places(
    session: SessionDep,
    f: EventFilterDep,
    top: TopDep,
    format: Annotated[
        Literal["json", "geojson"],
        Query(description="json (default) or geojson.", examples=["geojson"]),
    ] = "json",
) -> Items[PlaceCount] | JSONResponse:
    rows = q.places(session, f, top)
    if format == "geojson":
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
    return Items[PlaceCount](items=rows)
