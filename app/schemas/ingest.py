"""Request and response bodies for ingestion, jobs and extraction."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, field_validator

from app.date_bounds import out_of_range
from app.schemas.article import ArticleDetail
from app.vocab import JobState


class ArticleIn(BaseModel):
    text: str = Field(
        min_length=1,
        description="Full article text (at most DYAD_MAX_ARTICLE_CHARS characters, else 413).",
    )
    date: dt.date = Field(
        description="Publication date, 1800-01-01 to one day after today (UTC); relative dates "
        "in the text resolve against it."
    )
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(
        None,
        max_length=2048,
        description="Unique when present; the same URL with other text is a 409.",
    )
    source: str | None = Field(None, max_length=255, description="Publisher.")

    @field_validator("date")
    @classmethod
    def _date_in_range(cls, value: dt.date) -> dt.date:
        problem = out_of_range(value)
        if problem:
            raise ValueError(problem)
        return value


class ArticleIngested(ArticleDetail):
    duplicate: bool = Field(
        description="True when this text was already stored; the existing article is returned."
    )


class JobError(BaseModel):
    record: int | None = Field(
        description="1-based position of the record in the posted body (JSONL: non-empty line)."
    )
    reason: str


class JobArticle(BaseModel):
    record: int
    article_id: int | None
    duplicate: bool
    id: str | None = Field(None, description="The record's own `id` field, echoed back.")


class JobOut(BaseModel):
    id: str
    state: JobState = Field(
        description="queued → running → succeeded | failed (failed = the job crashed, or one of "
        "its broker batches went to the dead-letter queue; not a bad record)."
    )
    total: int
    done: int
    progress: float = Field(description="done / total, 0–1.")
    ingested: int
    duplicates: int
    failed: int
    batches: int = Field(
        0, description="Broker batches the job was split into (0: run whole by one worker)."
    )
    batches_done: int = Field(0, description="Batches settled (stored, or dead-lettered).")
    errors: list[JobError] = Field(description="One entry per refused or failed record.")
    articles: list[JobArticle] = Field(description="Stored (or already stored) article per record.")
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class Deleted(BaseModel):
    id: int
    deleted: bool = True
