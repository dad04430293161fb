"""Writing articles over HTTP: POST /articles (extract and store one) and DELETE /articles/{id}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from sqlalchemy.exc import IntegrityError

from app.api.deps import SessionDep, get_database
from app.api.params import Id
from app.api.settings import request_settings
from app.errors import (
    Conflict,
    ExtractionRefused,
    InvalidParameter,
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
)
from app.extract.pool import ExtractionFailed, ExtractionPool
from app.extract.records import ArticleInput
from app.ingest.article_records import RecordError, check_unicode
from app.ingest.extraction import shared_pool
from app.ingest.prune import delete_article
from app.ingest.service import ingest_article
from app.ingest.store import UrlConflict
from app.models import Article
from app.query import articles as article_q
from app.schemas.common import Problem
from app.schemas.ingest import ArticleIn, ArticleIngested, Deleted

router = APIRouter(tags=["ingestion"])

# Typed as FastAPI's `responses=` parameter takes them.
PROBLEM: dict[str, Any] = {"model": Problem, "content": {"application/problem+json": {}}}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**PROBLEM, "description": "No API key, or an unknown or revoked one"},
    403: {**PROBLEM, "description": "The API key lacks write scope"},
    429: {
        **PROBLEM,
        "description": "Rate limit exceeded (DYAD_RATE_LIMIT_PER_MINUTE); see Retry-After",
    },
}


EXTRACTION_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {
        **PROBLEM,
        "description": "Invalid parameter, or the article went over its extraction budget "
        "(DYAD_EXTRACT_TIMEOUT_SECONDS, DYAD_EXTRACT_MEMORY_MB): nothing is stored",
    },
    503: {
        **PROBLEM,
        "description": "The extractor is unavailable (starting failed, shutting down)",
    },
}


def extraction_pool(request: Request) -> ExtractionPool:
    """The app's extraction pool (a test may set its own), else this process's shared one."""
    pool: ExtractionPool | None = getattr(request.app.state, "extraction_pool", None)
    return pool or shared_pool()


def refused(exc: ExtractionFailed) -> ExtractionRefused | ServiceUnavailable:
    """The problem for an article the pool did not extract."""
    if exc.failed.kind == "unavailable":
        return ServiceUnavailable(exc.failed.reason, headers={"Retry-After": "10"})
    return ExtractionRefused(exc.failed.reason, param="text")


def to_input(body: ArticleIn, request: Request) -> ArticleInput:
    limit = request_settings(request).max_article_chars
    if len(body.text) > limit:
        raise PayloadTooLarge(
            f"article text is {len(body.text)} characters; the limit is {limit} "
            "(DYAD_MAX_ARTICLE_CHARS)",
            param="text",
        )
    if not body.text.strip():
        raise InvalidParameter("text is blank", param="text")
    # The text as given (offsets index it, whitespace included). Empty strings mean "absent", as
    # in the file readers: an empty URL is no URL (URLs are unique).
    article = ArticleInput(
        text=body.text,
        date=body.date,
        title=body.title or None,
        url=(body.url or "").strip() or None,
        source=body.source or None,
    )
    try:
        check_unicode(article, "body")
    except RecordError as exc:
        raise InvalidParameter(exc.reason, param=exc.reason.split()[0]) from None
    return article


@router.post(
    "/articles",
    response_model=ArticleIngested,
    status_code=status.HTTP_201_CREATED,
    summary="Extract and store one article",
    description="Runs the extractor and stores the article with all its records in one "
    "transaction. The same text again answers 200 with the stored article and `duplicate: true`. "
    "Needs a write key. Limits: text at most `DYAD_MAX_ARTICLE_CHARS` characters (default 200,000) "
    "and body at most `DYAD_MAX_BODY_BYTES` (default 5,000,000), else 413.",
    responses={
        200: {"model": ArticleIngested, "description": "Already stored (duplicate)"},
        409: {**PROBLEM, "description": "Another text is stored under this URL"},
        413: {**PROBLEM, "description": "Article or body too large"},
        **EXTRACTION_ERRORS,
        **WRITE_ERRORS,
    },
)
def post_article(
    body: ArticleIn, request: Request, session: SessionDep, response: Response
) -> ArticleIngested:
    article = to_input(body, request)
    # Extraction runs in the pool with no connection checked out; `ingest_article` then stores
    # in its own transaction, committed before we answer 201 (the client may act on the id at
    # once). The request's session is first used below, to read what was stored.
    try:
        result = ingest_article(
            get_database(request).sessionmaker, article, extraction_pool(request)
        )
    except ExtractionFailed as exc:
        raise refused(exc) from None
    except UrlConflict as exc:
        raise Conflict(str(exc), param="url") from None
    except IntegrityError:
        # Another request stored other text under this URL between our check and our insert.
        if article.url is None:
            raise
        raise Conflict(
            f"url {article.url!r} is already stored with other text", param="url"
        ) from None
    response.headers["Location"] = f"/articles/{result.article_id}"
    if result.duplicate:
        response.status_code = status.HTTP_200_OK
    else:
        from app.ingest.metrics import ARTICLES_INGESTED, EVENTS_INGESTED

        ARTICLES_INGESTED.inc()
        EVENTS_INGESTED.inc(result.events)
    stored = session.get(Article, result.article_id)
    assert stored is not None
    detail = article_q.detail(session, stored)
    return ArticleIngested(**detail.model_dump(), duplicate=result.duplicate)


@router.delete(
    "/articles/{article_id}",
    response_model=Deleted,
    summary="Delete an article and everything extracted from it",
    description="Removes the article, its events, statements and mentions, and any actor or place "
    "that no other record references. Needs a write key.",
    responses={404: {**PROBLEM, "description": "No such article"}, **WRITE_ERRORS},
)
def remove_article(
    article_id: Annotated[Id, Path(description="Article id.")],
    session: SessionDep,
) -> Deleted:
    if not delete_article(session, article_id):
        raise NotFound(f"no article with id {article_id}", param="article_id")
    return Deleted(id=article_id)
