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
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"
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
