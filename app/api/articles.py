from __future__ import annotations

from fastapi import APIRouter, Request, Response

from app.api.params import PagingDep, next_link
from app.db import SessionDep
from app.errors import NotFound
from app.models import Article
from app.query import articles as q
from app.schemas.article import ArticleDetail, ArticleSummary
from app.schemas.common import Page

router = APIRouter(tags=["articles"])


@router.get("/articles", response_model=Page[ArticleSummary], summary="Stored articles with record counts")
def list_articles(request: Request, response: Response, session: SessionDep, paging: PagingDep) -> Page[ArticleSummary]:
    items, cursor = q.page(session, limit=paging.limit, cursor=paging.cursor)
    return Page[ArticleSummary](items=items, next=next_link(request, response, cursor))


@router.get("/articles/{article_id}", response_model=ArticleDetail, summary="An article's text and every record with its spans")
def get_article(article_id: int, session: SessionDep) -> ArticleDetail:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}", param="article_id")
    return q.detail(session, article)
