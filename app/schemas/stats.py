"""Response models of the /stats/* aggregations and /actors/{id}/network."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from app.schemas.actor import ActorRef
from app.schemas.place import PlaceOut

T = TypeVar("T")


class TimelineBucket(BaseModel):
    period: dt.date = Field(description="First day of the period (weeks start on Monday).")
    count: int
    by: dict[str, int] | None = Field(
        None,
        description="Counts per PLOVER type or quad class, when `by` is given.",
        examples=[{"CONSULT": 3, "ASSAULT": 1}],
    )


class Timeline(BaseModel):
    interval: str = Field(description="day | week | month")
    by: str | None = Field(None, description="type | quad, or null")
    buckets: list[TimelineBucket]


class TypeCount(BaseModel):
    type: str = Field(description="PLOVER event type")
    quad_class: int = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material "
        "conflict"
    )
    count: int


class ActorCount(BaseModel):
    actor: ActorRef
    events: int = Field(description="Matching events the actor takes part in.")
    as_source: int
    as_target: int
    as_other: int


class DyadCount(BaseModel):
    source: ActorRef
    target: ActorRef
    count: int
    by_type: dict[str, int] = Field(
        description="Counts per PLOVER type.", examples=[{"CONSULT": 2}]
    )


class PlaceCount(BaseModel):
    place: PlaceOut
    count: int


class Counterpart(BaseModel):
    actor: ActorRef
    events: int = Field(description="Matching events shared with the actor.")
    as_source: int = Field(
        description="Events where the counterpart acted on the actor (counterpart = source)."
    )
    as_target: int = Field(
        description="Events where the actor acted on the counterpart (counterpart = target)."
    )
    as_other: int = Field(description="Events where the counterpart took part in another role.")
    by_type: dict[str, int] = Field(
        description="Shared events per PLOVER type.", examples=[{"CONSULT": 2}]
    )


class Items(BaseModel, Generic[T]):
    items: list[T]


class TimelineRow(BaseModel):
    period: dt.date = Field(description="First day of the period (weeks start on Monday).")
    key: str = Field(description="PLOVER type or quad class with `by`, else `all`.")
    count: int


class TimelineLong(BaseModel):
    """The long form: one row per period and key, as Vega-Lite and Grafana read it."""

    interval: str = Field(description="day | week | month")
    by: str | None = Field(None, description="type | quad, or null")
    items: list[TimelineRow]


class NetworkNode(BaseModel):
    id: str = Field(description="Actor id (as a string, as Grafana's node graph wants it).")
    title: str = Field(description="Actor name.")
    subtitle: str = Field(description="Actor code or kind.")
    mainstat: int = Field(description="Matching events the actor takes part in.")
    secondarystat: float | None = Field(description="Mean Goldstein score of those events.")


class NetworkEdge(BaseModel):
    id: str = Field(description="`source-target`.")
    source: str
    target: str
    mainstat: int = Field(description="Matching events with this source and target.")
    secondarystat: float | None = Field(description="Mean Goldstein score of those events.")


class Network(BaseModel):
    """Grafana node-graph frames: `nodes` and `edges` with the field names it reads."""

    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class MapPoint(BaseModel):
    place: PlaceOut
    count: int
    top_type: str = Field(description="The PLOVER type most of the place's events have.")
    top_quad: int = Field(description="The quad class most of the place's events have.")
    by_type: dict[str, int]
