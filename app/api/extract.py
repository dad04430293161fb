"""POST /extract: run the extractor on a text and return the records, storing nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.ingest import PROBLEM, WRITE_ERRORS, to_input
from app.schemas.ingest import ArticleIn

router = APIRouter(tags=["ingestion"])


@router.post(
    "/extract",
    summary="Extract records from a text without storing anything",
    description="Returns what `POST /articles` would store: actors, places, events, statements, "
    "mentions and affiliations with their character spans. Needs a write key (it costs CPU). "
    "Text at most `DYAD_MAX_ARTICLE_CHARS` characters, else 413.",
    responses={413: {**PROBLEM, "description": "Article or body too large"}, **WRITE_ERRORS},
)
def post_extract(body: ArticleIn) -> dict[str, Any]:
    from app.extract import (  # the NLP model loads on the first extraction, not at startup
        extract,
        to_dict,
    )

    return to_dict(extract(to_input(body)))
