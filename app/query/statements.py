from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, exists, func, select, tuple_
from sqlalchemy.orm import Session

from app.errors import InvalidParameter
from app.models import Actor, Mention, Statement
from app.query import fulltext, resolve
from app.query.cursor import decode_cursor, encode_cursor
from app.schemas.actor import ActorRef
from app.schemas.common import Span
from app.schemas.statement import StatementOut
from app.vocab import StatementKind


def filtered(
    session: Session,
    *,
    speaker: list[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    kind: str | None,
    article: int | None,
    about: list[str] | None = None,
    q: str | None = None,
    speaker_ids: list[int] | None = None,
) -> Select[Statement]:
    if date_from and date_to and date_from > date_to:
        raise InvalidParameter("date_from is after date_to", param="date_from")
    stmt = select(Statement)
    if speaker:
        stmt = stmt.where(
            Statement.speaker_id.in_(resolve.actor_ids(session, speaker, param="speaker"))
        )
    if speaker_ids is not None:
        stmt = stmt.where(Statement.speaker_id.in_(speaker_ids))
    if about:
        # "About" = an actor is named inside the statement's own span of text.
        ids = resolve.actor_ids(session, about, param="about")
        stmt = stmt.where(
            exists(
                select(Mention.id).where(
                    Mention.article_id == Statement.article_id,
                    Mention.actor_id.in_(ids),
                    Mention.start >= Statement.start,
                    Mention.end <= Statement.end,
                )
            )
        )
    if q:
        stmt = stmt.where(
            fulltext.matches(
                session,
                q,
                id_column=Statement.id,
                table_name="statements",
                text_column=Statement.text,
            )
        )
    if date_from:
        stmt = stmt.where(Statement.statement_date >= date_from)
    if date_to:
        stmt = stmt.where(Statement.statement_date <= date_to)
    if kind:
        stmt = stmt.where(Statement.kind == kind)
    if article is not None:
        stmt = stmt.where(Statement.article_id == resolve.article_id(session, article))
    return stmt


def after_cursor(stmt: Select[Statement], cursor: str | None) -> Select[Statement]:
    """Rows after `cursor` (from a previous page) in newest-first order."""
    if cursor:
        key = decode_cursor(cursor, "-date")
        try:
            last_date, last_id = dt.date.fromisoformat(key[0]), int(key[1])
        except (ValueError, TypeError, IndexError):
            raise InvalidParameter("cursor is not valid", param="cursor") from None
        stmt = stmt.where(
            tuple_(Statement.statement_date, Statement.id) < tuple_(last_date, last_id)
        )
    return stmt


def ordered(stmt: Select[Statement]) -> Select[Statement]:
    return stmt.order_by(Statement.statement_date.desc(), Statement.id.desc())


def page(
    session: Session, stmt: Select[Statement], *, limit: int, cursor: str | None
) -> tuple[list[Statement], str | None]:
    """Newest first, by (statement_date, id); statements always carry a date (the article's)."""
    stmt = after_cursor(stmt, cursor)
    rows = list(session.execute(ordered(stmt).limit(limit + 1)).scalars())
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        return rows, encode_cursor(
            "-date", [(last.statement_date or dt.date.min).isoformat(), last.id]
        )
    return rows, None


def stream(
    session: Session, stmt: Select[Statement], chunk: int = 1000
) -> Iterator[list[StatementOut]]:
    """Chunks of serialised statements, one chunk of rows in memory at a time."""
    result = session.execute(stmt.execution_options(yield_per=chunk))
    for rows in result.partitions(chunk):
        yield to_out(session, [r[0] for r in rows])


def count(session: Session, stmt: Select[Statement]) -> int:
    return int(session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def to_out(session: Session, statements: Sequence[Statement]) -> list[StatementOut]:
    speaker_ids = {s.speaker_id for s in statements if s.speaker_id is not None}
    speakers = (
        {
            a.id: ActorRef.model_validate(a)
            for a in session.execute(select(Actor).where(Actor.id.in_(speaker_ids))).scalars()
        }
        if speaker_ids
        else {}
    )
    return [
        StatementOut(
            id=s.id,
            article_id=s.article_id,
            speaker=speakers.get(s.speaker_id) if s.speaker_id else None,
            text=s.text,
            kind=StatementKind(s.kind),
            cue=s.cue,
            date=s.statement_date,
            sentence_index=s.sentence_index,
            span=Span(start=s.start, end=s.end),
            speaker_span=(
                Span(start=s.speaker_start, end=s.speaker_end)
                if s.speaker_start is not None and s.speaker_end is not None
                else None
            ),
            speaker_text=s.speaker_text,
            event_id=s.event_id,
        )
        for s in statements
    ]
