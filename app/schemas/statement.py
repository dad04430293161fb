from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.schemas.actor import ActorRef
from app.schemas.common import Span


class StatementOut(BaseModel):
    id: int
    article_id: int
    speaker: ActorRef | None = Field(description="Null when the text does not say who spoke.")
    text: str
    kind: str = Field(description="direct | indirect")
    cue: str | None
    date: dt.date | None
    sentence_index: int
    span: Span
