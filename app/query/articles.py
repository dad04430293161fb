from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Article, Event, Mention, Statement
from app.query import events as event_q
from app.query import statements as statement_q
from app.query.paging import by_id
from app.schemas.article import ArticleDetail, ArticleSummary, MentionOut
from app.schemas.common import Span


def _counts(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    if not ids:
        return {}, {}
    ev = dict(
        session.execute(
            select(Event.article_id, func.count())
            .where(Event.article_id.in_(ids))
            .group_by(Event.article_id)
        ).all()
    )
    st = dict(
        session.execute(
            select(Statement.article_id, func.count())
            .where(Statement.article_id.in_(ids))
            .group_by(Statement.article_id)
        ).all()
    )
    return ev, st


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were stored in UTC, so say so (RFC 3339 needs it)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def summary(article: Article, events: int, statements: int) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        url=article.url,
        title=article.title,
        source=article.source,
        published=article.published,
        language=article.language,
        extractor_version=article.extractor_version,
        ingested_at=_utc(article.ingested_at),
        event_count=events,
        statement_count=statements,
    )


def page(
    session: Session, *, limit: int, cursor: str | None
) -> tuple[list[ArticleSummary], str | None]:
    rows, nxt = by_id(session, select(Article), Article.id, limit=limit, cursor=cursor)
    ev, st = _counts(session, [a.id for a in rows])
    return [summary(a, ev.get(a.id, 0), st.get(a.id, 0)) for a in rows], nxt


def detail(session: Session, article: Article) -> ArticleDetail:
    events = list(
        session.execute(
            select(Event).where(Event.article_id == article.id).order_by(Event.start, Event.id)
        ).scalars()
    )
    statements = list(
        session.execute(
            select(Statement)
            .where(Statement.article_id == article.id)
            .order_by(Statement.start, Statement.id)
        ).scalars()
    )
    mentions = [
        MentionOut(
            actor_id=m.actor_id,
            place_id=m.place_id,
            sentence_index=m.sentence_index,
            span=Span(start=m.start, end=m.end),
            text=m.text,
        )
        for m in session.execute(
            select(Mention)
            .where(Mention.article_id == article.id)
            .order_by(Mention.start, Mention.id)
        ).scalars()
    ]
    base = summary(article, len(events), len(statements))
    return ArticleDetail(
        **base.model_dump(),
        text=article.text,
        content_sha256=article.content_sha256,
        events=event_q.to_out(session, events),
        statements=statement_q.to_out(session, statements),
        mentions=mentions,
    )
