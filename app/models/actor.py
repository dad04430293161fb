from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, NO_ID_REUSE, Base, check_in
from app.vocab import ActorKind


class Actor(Base):
    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # Identity across articles: "state:EGY", "agent:EGYSPY", "person:ismail haniyeh". Unique, so
    # two writers that meet the same new actor at once still end up with one row.
    match_key: Mapped[str] = mapped_column(String(340), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(3))
    code: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        check_in("kind", ActorKind),
        Index("ix_actors_name", "name"),
        Index("ix_actors_kind_country", "kind", "country"),
        Index("ix_actors_code", "code"),
        NO_ID_REUSE,
    )


class ActorAlias(Base):
    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    actor_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300))

    __table_args__ = (
        UniqueConstraint("normalized", "actor_id"),
        Index("ix_actor_aliases_actor_id", "actor_id"),
        NO_ID_REUSE,
    )


class ActorAffiliation(Base):
    """A person, agent or organ (role "organ": the UN Security Council) belongs to an
    organisation or state, in a role, as first/last seen."""

    __tablename__ = "actor_affiliations"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    person_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(300), default="")
    first_article_id: Mapped[int | None] = mapped_column(
        ID, ForeignKey("articles.id", ondelete="SET NULL")
    )
    last_article_id: Mapped[int | None] = mapped_column(
        ID, ForeignKey("articles.id", ondelete="SET NULL")
    )

    __table_args__ = (
        UniqueConstraint("person_id", "organization_id", "role"),
        Index("ix_actor_affiliations_organization_id", "organization_id"),
        NO_ID_REUSE,
    )
