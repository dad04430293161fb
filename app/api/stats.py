"""Aggregations for dashboards; every endpoint takes the same filter as /events.

Each answers JSON, or flat rows with `format=csv|ndjson` (or the matching `Accept`), so
Grafana, Superset, Vega-Lite and pandas read them without a transform step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from app.api import formats
from app.api.params import (
    AggregateFilterDep,
    Format,
    StatsFormatDep,
    TopDep,
    VersionDep,
    accepted,
)
from app.db import SessionDep
from app.query import map_points
from app.query import network as network_q
from app.query import stats as q
from app.schemas import examples
from app.schemas.actor import ActorRef
from app.schemas.place import PlaceOut
from app.schemas.stats import (
    ActorCount,
    DyadCount,
    Items,
    MapPoint,
    Network,
    NetworkEdge,
    NetworkNode,
    PlaceCount,
    Timeline,
    TimelineLong,
    TimelineRow,
    TypeCount,
)
from app.vocab import Interval, PlaceKind, StatsBy

router = APIRouter(prefix="/stats", tags=["stats"], dependencies=[VersionDep])

FLAT = {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


def _ok(example: dict[str, Any], csv: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "content": {
                "application/json": {"example": example},
                "text/csv": {"schema": {"type": "string"}, "example": csv},
                "application/x-ndjson": {"schema": {"type": "string"}},
            }
        }
    }


def _actor_cols(prefix: str, a: ActorRef) -> dict[str, Any]:
    return {
        f"{prefix}_id": a.id,
        f"{prefix}_name": a.name,
        f"{prefix}_code": a.code,
        f"{prefix}_kind": a.kind,
        f"{prefix}_country": a.country,
    }


def _actor_names(prefix: str) -> list[str]:
    return [f"{prefix}_{c}" for c in ("id", "name", "code", "kind", "country")]


@router.get(
    "/timeline",
    response_model=Timeline | TimelineLong,
    summary="Event counts per day, week or month",
    description="Every period of the requested range (`date_from`..`date_to`; where a bound is "
    "open, the first or last period with a matching event), empty periods as 0. "
    "`layout=long` gives one row per period and key (`period,key,count`), the shape Vega-Lite "
    "and Grafana want; the wide CSV has one column per key. At most 5000 periods: a wider range "
    "asks for a coarser interval (422).",
    responses=_ok(
        {
            "interval": "month",
            "by": "type",
            "buckets": [{"period": "2017-09-01", "count": 4, "by": {"CONSULT": 3, "AGREE": 1}}],
        },
        "period,count,AGREE,CONSULT\r\n2017-09-01,4,1,3\r\n",
    ),
)
def timeline(
    session: SessionDep,
    f: AggregateFilterDep,
    fmt: StatsFormatDep,
    interval: Annotated[
        Interval,
        Query(description="Period length; weeks start on Monday.", examples=["month"]),
    ] = Interval.MONTH,
    by: Annotated[
        StatsBy | None,
        Query(
            description="Split each period's count by PLOVER type or quad class.", examples=["type"]
        ),
    ] = None,
    layout: Annotated[
        Literal["wide", "long"],
        Query(
            description="wide: one bucket (row) per period; long: one row per period and key.",
            examples=["long"],
        ),
    ] = "wide",
) -> Timeline | TimelineLong | Response:
    buckets = q.timeline(session, f, interval, by)
    keys = sorted({k for b in buckets for k in (b.by or {})})
    if layout == "long":
        rows = [
            TimelineRow(period=b.period, key=k, count=(b.by or {}).get(k, 0))
            for b in buckets
            for k in (keys if by else ["all"])
        ]
        if by is None:
            rows = [
                r.model_copy(update={"count": b.count}) for r, b in zip(rows, buckets, strict=True)
            ]
        if fmt != "json":
            flat = [r.model_dump(mode="json") for r in rows]
            return formats.flat_rows(flat, ["period", "key", "count"], fmt, "timeline")
        return TimelineLong(interval=interval, by=by, items=rows)
    if fmt != "json":
        flat = [
            {
                "period": b.period.isoformat(),
                "count": b.count,
                **{k: 0 for k in keys},
                **(b.by or {}),
            }
            for b in buckets
        ]
        return formats.flat_rows(flat, ["period", "count", *keys], fmt, "timeline")
    return Timeline(interval=interval, by=by, buckets=buckets)


@router.get(
    "/dyads",
    response_model=Items[DyadCount],
    summary="Top source → target pairs with counts by type",
    responses=_ok(
        {
            "items": [
                {
                    "source": examples.ACTOR,
                    "target": examples.EGYSPY,
                    "count": 3,
                    "by_type": {"CONSULT": 3},
                }
            ]
        },
        "source_id,source_name,source_code,source_kind,source_country,target_id,target_name,"
        "target_code,target_kind,target_country,count\r\n",
    ),
)
def dyads(
    session: SessionDep, f: AggregateFilterDep, top: TopDep, fmt: StatsFormatDep
) -> Items[DyadCount] | Response:
    items = q.dyads(session, f, top)
    if fmt != "json":
        rows = [
            {**_actor_cols("source", d.source), **_actor_cols("target", d.target), "count": d.count}
            for d in items
        ]
        cols = [*_actor_names("source"), *_actor_names("target"), "count"]
        return formats.flat_rows(rows, cols, fmt, "dyads")
    return Items[DyadCount](items=items)


@router.get(
    "/actors",
    response_model=Items[ActorCount],
    summary="Top actors by events, with role split",
    responses=_ok(
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
        },
        "actor_id,actor_name,actor_code,actor_kind,actor_country,events,as_source,as_target,"
        "as_other\r\n",
    ),
)
def actors(
    session: SessionDep, f: AggregateFilterDep, top: TopDep, fmt: StatsFormatDep
) -> Items[ActorCount] | Response:
    items = q.actors(session, f, top)
    if fmt != "json":
        rows = [{**_actor_cols("actor", a.actor), **a.model_dump(exclude={"actor"})} for a in items]
        cols = [*_actor_names("actor"), "events", "as_source", "as_target", "as_other"]
        return formats.flat_rows(rows, cols, fmt, "actors")
    return Items[ActorCount](items=items)


@router.get(
    "/types",
    response_model=Items[TypeCount],
    summary="Counts per PLOVER type and quad class",
    responses=_ok(
        {"items": [{"type": "CONSULT", "quad_class": 1, "count": 3}]},
        "type,quad_class,count\r\nCONSULT,1,3\r\n",
    ),
)
def types(
    session: SessionDep, f: AggregateFilterDep, fmt: StatsFormatDep
) -> Items[TypeCount] | Response:
    items = q.types(session, f)
    if fmt != "json":
        rows = [t.model_dump() for t in items]
        return formats.flat_rows(rows, ["type", "quad_class", "count"], fmt, "types")
    return Items[TypeCount](items=items)


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
    responses=_ok(
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


@router.get(
    "/network",
    response_model=Network,
    summary="Actor network: nodes and edges frames for Grafana's node graph",
    description="Edges are the `top` busiest source → target pairs (`mainstat` = events, "
    "`secondarystat` = mean Goldstein); nodes are their actors (`mainstat` = events the actor "
    "takes part in). CSV and NDJSON give one frame at a time, chosen by `frame`.",
    responses=_ok(
        {
            "nodes": [
                {
                    "id": "1",
                    "title": "Hamas",
                    "subtitle": "PSEREB",
                    "mainstat": 12,
                    "secondarystat": 1.2,
                },
            ],
            "edges": [
                {"id": "1-2", "source": "1", "target": "2", "mainstat": 3, "secondarystat": 1.0}
            ],
        },
        "id,source,target,mainstat,secondarystat\r\n1-2,1,2,3,1.0\r\n",
    ),
)
def network(
    session: SessionDep,
    f: AggregateFilterDep,
    top: TopDep,
    fmt: StatsFormatDep,
    frame: Annotated[
        Literal["nodes", "edges"],
        Query(description="Which frame CSV and NDJSON carry (JSON has both).", examples=["nodes"]),
    ] = "edges",
) -> Network | Response:
    found_nodes, found_edges = network_q.network(session, f, top)
    nodes = [
        NetworkNode(
            id=str(n.id),
            title=n.name,
            subtitle=n.code or n.kind,
            mainstat=n.events,
            secondarystat=n.goldstein,
        )
        for n in found_nodes
    ]
    edges = [
        NetworkEdge(
            id=f"{e.source}-{e.target}",
            source=str(e.source),
            target=str(e.target),
            mainstat=e.events,
            secondarystat=e.goldstein,
        )
        for e in found_edges
    ]
    if fmt != "json":
        chosen: list[Any] = nodes if frame == "nodes" else edges
        model = NetworkNode if frame == "nodes" else NetworkEdge
        rows = [m.model_dump() for m in chosen]
        return formats.flat_rows(rows, list(model.model_fields), fmt, f"network-{frame}")
    return Network(nodes=nodes, edges=edges)
