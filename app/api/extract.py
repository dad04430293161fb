"""POST /extract: run the extractor on a text and return the records, storing nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from app.api.ingest import (
    EXTRACTION_ERRORS,
    PROBLEM,
    WRITE_ERRORS,
    extraction_pool,
    refused,
    to_input,
)
from app.extract.pool import ExtractionFailed
from app.extract.serialize import to_dict
from app.schemas.ingest import ArticleIn

router = APIRouter(tags=["ingestion"])


@router.post(
    "/extract",
    summary="Extract records from a text without storing anything",
    description="Returns what `POST /articles` would store: actors, places, events, statements, "
    "mentions and affiliations with their character spans. Needs a write key (it costs CPU). "
    "Text at most `DYAD_MAX_ARTICLE_CHARS` characters, else 413. Extraction runs in a worker "
    "process within a time and memory budget (`DYAD_EXTRACT_TIMEOUT_SECONDS`, "
    "`DYAD_EXTRACT_MEMORY_MB`); over it, 422.",
    responses={
        413: {**PROBLEM, "description": "Article or body too large"},
        **EXTRACTION_ERRORS,
        **WRITE_ERRORS,
    },
)
def post_extract(body: ArticleIn, request: Request) -> dict[str, Any]:
    # In the pool's worker processes (the model loads there on first use, never in this one).
    try:
        return to_dict(extraction_pool(request).extract(to_input(body, request)))
    except ExtractionFailed as exc:
        raise refused(exc) from None
