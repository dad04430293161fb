from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.schemas.common import Span
from app.schemas.event import EventOut
from app.schemas.statement import StatementOut


class ArticleSummary(BaseModel):
    id: int
    url: str | None
    title: str | None
    source: str | None
    published: dt.date
    language: str
    extractor_version: str
    ingested_at: dt.datetime
    event_count: int = 0
    statement_count: int = 0


class MentionOut(BaseModel):
    actor_id: int | None
    place_id: int | None
    sentence_index: int
    span: Span
    text: str


class ArticleDetail(ArticleSummary):
    text: str
    content_sha256: str
    events: list[EventOut]
    statements: list[StatementOut]
    mentions: list[MentionOut] = Field(
        description="Every place an actor or place is named, for highlighting."
    )
