"""Articles: the list with record counts, and one article with every record and its spans."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from app.api.deps import SessionDep
from app.api.params import Id, PlainPagingDep, VersionDep, next_link
from app.errors import NotFound
from app.models import Article
from app.query import articles as q
from app.schemas import examples
from app.schemas.article import ArticleDetail, ArticleSummary
from app.schemas.common import Page

router = APIRouter(tags=["articles"], dependencies=[VersionDep])


@router.get(
    "/articles",
    response_model=Page[ArticleSummary],
    summary="Stored articles with record counts",
    responses=examples.ok({"items": [examples.ARTICLE], "next": None, "total": None}),
)
def list_articles(
    request: Request, response: Response, session: SessionDep, paging: PlainPagingDep
) -> Page[ArticleSummary]:
    items, cursor = q.page(session, limit=paging.limit, cursor=paging.cursor)
    return Page[ArticleSummary](items=items, next=next_link(request, response, cursor))


@router.get(
    "/articles/{article_id}",
    response_model=ArticleDetail,
    summary="An article's text and every record with its spans",
    description="Spans are character offsets into `text`, so a client can highlight each event, "
    "statement and mention.",
    responses=examples.ok(
        {
            **examples.ARTICLE,
            "text": "CAIRO — Hamas leaders met Egyptian intelligence officials…",
            "content_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "events": [examples.EVENT],
            "statements": [examples.STATEMENT],
            "mentions": [
                {
                    "actor_id": 1,
                    "place_id": None,
                    "sentence_index": 2,
                    "span": {"start": 120, "end": 125},
                    "text": "Hamas",
                }
            ],
        },
        not_found=True,
    ),
)
def get_article(
    article_id: Annotated[Id, Path(description="Article id.", examples=[1])],
    session: SessionDep,
) -> ArticleDetail:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}", param="article_id")
    return q.detail(session, article)
