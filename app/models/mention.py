from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, NO_ID_REUSE, Base


class Mention(Base):
    """Every place in an article's text where an actor or a place is named."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    article_id: Mapped[int] = mapped_column(ID, ForeignKey("articles.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    place_id: Mapped[int | None] = mapped_column(ID, ForeignKey("places.id", ondelete="CASCADE"))
    sentence_index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))

    __table_args__ = (
        CheckConstraint("(actor_id IS NULL) <> (place_id IS NULL)", name="one_entity"),
        Index("ix_mentions_article_start", "article_id", "start"),
        Index("ix_mentions_actor_id", "actor_id"),
        Index("ix_mentions_place_id", "place_id"),
        NO_ID_REUSE,
    )
