from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, NO_ID_REUSE, Base, check_in
from app.vocab import StatementKind


class Statement(Base):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    article_id: Mapped[int] = mapped_column(ID, ForeignKey("articles.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ID, ForeignKey("actors.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    cue: Mapped[str | None] = mapped_column(String(64))
    statement_date: Mapped[dt.date | None] = mapped_column(Date)
    sentence_index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # where the speaker is named ("he", "the newspaper"), kept even when no actor is known
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    speaker_text: Mapped[str | None] = mapped_column(String(300))
    # the speech-act event (ACCUSE, REQUEST ...) whose content this is; one link serves both ways
    event_id: Mapped[int | None] = mapped_column(ID, ForeignKey("events.id", ondelete="SET NULL"))

    __table_args__ = (
        check_in("kind", StatementKind),
        Index("ix_statements_speaker_date", "speaker_id", "statement_date", "id"),
        Index("ix_statements_date_id", "statement_date", "id"),
        Index("ix_statements_article_id", "article_id"),
        Index("ix_statements_event_id", "event_id"),
        NO_ID_REUSE,
    )
