from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.schemas.actor import ActorRef
from app.schemas.common import Page, Span
from app.schemas.place import PlaceOut
from app.vocab import DatePrecision, ParticipantRole, PloverType, Provenance, QuadClass


class Participant(BaseModel):
    role: ParticipantRole
    actor: ActorRef


class EventOut(BaseModel):
    id: int
    article_id: int
    sentence_index: int
    span: Span = Field(description="The sentence the event was read from.")
    sentence: str
    trigger: str
    trigger_span: Span
    type: PloverType = Field(description="PLOVER event type", examples=["CONSULT"])
    cameo: str = Field(description="CAMEO code (2 to 4 digits)", examples=["040"])
    quad_class: QuadClass = Field(
        description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material "
        "conflict"
    )
    goldstein: float
    date: dt.date
    date_precision: DatePrecision
    date_source: Provenance | None = Field(
        description="Where the date came from: `text` (a time expression of the event's sentence), "
        "`context` (carried from the sentence before) or `article` (defaulted to the article's "
        "date). null on events stored before Dyad recorded it (run `dyad reprocess`).",
        examples=["text"],
    )
    place: PlaceOut | None
    place_source: Provenance | None = Field(
        description="Where the place came from: `text` (named in the event's sentence), "
        "`context` (carried from the clause or sentence before) or `article` (the article's "
        "dateline or dominant place, a guess). null when the event has no place.",
        examples=["text"],
    )
    negated: bool
    hypothetical: bool
    confidence: float
    participants: list[Participant]
    statement_id: int | None = Field(
        default=None, description="The statement carrying what this speech act said, if any."
    )


# Parametrised once: pydantic keeps generic subclasses in a weak cache, and rebuilding
# Page[EventOut] per request showed up as milliseconds in profiles.
EventPage = Page[EventOut]
