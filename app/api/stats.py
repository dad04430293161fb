"""Aggregations for dashboards; every endpoint takes the same filter as /events.

Each answers JSON, or flat rows with `format=csv|ndjson` (or the matching `Accept`), so
Grafana, Superset, Vega-Lite and pandas read them without a transform step.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.api import formats
from app.api.deps import SessionDep
from app.api.event_filter_params import AggregateFilterDep
from app.api.negotiation import StatsFormatDep
from app.api.params import TopDep, VersionDep
from app.query import stats as q
from app.query import timeline as q_timeline
from app.schemas import examples
from app.schemas.actor import ActorRef
from app.schemas.stats import (
    ActorCount,
    DyadCount,
    Items,
    Timeline,
    TimelineLong,
    TimelineRow,
    TypeCount,
)
from app.vocab import Interval, StatsBy

router = APIRouter(prefix="/stats", tags=["stats"], dependencies=[VersionDep])

FLAT = {
    "text/csv": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}


def ok_responses(example: dict[str, Any], csv: str) -> dict[int | str, dict[str, Any]]:
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
    responses=ok_responses(
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
    buckets = q_timeline.timeline(session, f, interval, by)
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
    responses=ok_responses(
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
    responses=ok_responses(
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
    responses=ok_responses(
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
