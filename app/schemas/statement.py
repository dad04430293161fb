from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.schemas.actor import ActorRef
from app.schemas.common import Span
from app.vocab import StatementKind


class StatementOut(BaseModel):
    id: int
    article_id: int
    speaker: ActorRef | None = Field(description="Null when the text does not say who spoke.")
    text: str
    kind: StatementKind
    cue: str | None
    date: dt.date | None
    sentence_index: int
    span: Span
    speaker_span: Span | None = Field(
        default=None,
        description='Where the speaker is named in the article ("he", "the newspaper"), '
        "also when no actor is known.",
    )
    speaker_text: str | None = Field(default=None, description="The speaker's words as written.")
    event_id: int | None = Field(
        default=None,
        description="The speech-act event (ACCUSE, REQUEST ...) this statement is the content of.",
    )
