from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, NO_ID_REUSE, Base, check_in
from app.vocab import DatePrecision, ParticipantRole, PloverType, Provenance


class Event(Base):
    """One coded event read from one sentence.

    `country`, `lat` and `lon` copy the event's place so that location filters are answered
    from the events index alone, without a join, at millions of rows.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    article_id: Mapped[int] = mapped_column(ID, ForeignKey("articles.id", ondelete="CASCADE"))
    sentence_index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(300))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    plover_type: Mapped[str] = mapped_column(String(16))
    cameo_code: Mapped[str] = mapped_column(String(8))
    quad_class: Mapped[int] = mapped_column(SmallInteger)
    goldstein: Mapped[float] = mapped_column(Float)
    event_date: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8))
    # text | context | article (the article's date by default); NULL on rows stored before the
    # column existed, until `dyad reprocess` re-reads them.
    date_source: Mapped[str | None] = mapped_column(String(8))
    place_id: Mapped[int | None] = mapped_column(ID, ForeignKey("places.id", ondelete="SET NULL"))
    place_source: Mapped[str | None] = mapped_column(String(8))  # text | context | article
    country: Mapped[str | None] = mapped_column(String(3))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    hypothetical: Mapped[bool] = mapped_column(Boolean, default=False)
    confidence: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        check_in("plover_type", PloverType),
        check_in("date_precision", DatePrecision),
        check_in("date_source", Provenance),
        check_in("place_source", Provenance),
        CheckConstraint("quad_class BETWEEN 1 AND 4", name="quad_class"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        # lat/lon ride along (PostgreSQL): a bbox or near page walks this index newest first
        # and tests each row's coordinates in the index, never in the table (migration 0010).
        Index("ix_events_date_id", "event_date", "id", postgresql_include=["lat", "lon"]),
        Index("ix_events_article_id", "article_id"),
        Index("ix_events_place_date", "place_id", "event_date", "id"),
        Index("ix_events_country_date", "country", "event_date", "id"),
        Index("ix_events_type_date", "plover_type", "event_date", "id"),
        Index("ix_events_cameo_code", "cameo_code"),
        Index("ix_events_lat_lon", "lat", "lon"),
        # The type rides along so "type T by confidence" walks the index alone (0011).
        Index("ix_events_confidence", "confidence", "id", postgresql_include=["plover_type"]),
        NO_ID_REUSE,
    )


class EventParticipant(Base):
    """An actor's role in an event. `event_date` and `plover_type` copy the event's, so that
    "events of actor X, newest first" is one index range scan and an actor's timeline by type
    is counted from the index alone."""

    __tablename__ = "event_participants"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    event_id: Mapped[int] = mapped_column(ID, ForeignKey("events.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ID, ForeignKey("actors.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(8))
    event_date: Mapped[dt.date] = mapped_column(Date)
    plover_type: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        check_in("role", ParticipantRole),
        Index(
            "ix_event_participants_actor_date",
            "actor_id",
            "event_date",
            "event_id",
            "plover_type",
            # The role rides along so a dyad page's walk over A's rows is index-only (0011).
            postgresql_include=["role"],
        ),
        Index(
            "ix_event_participants_actor_role_date", "actor_id", "role", "event_date", "event_id"
        ),
        # Covering: "is actor B in event E in role R" is answered from the index alone.
        Index("ix_event_participants_event_actor_role", "event_id", "actor_id", "role"),
        NO_ID_REUSE,
    )


class EventDyad(Base):
    """One source -> target pair of an event (every source with every target), with the event's
    date and type copied: /stats/dyads counts pairs from one index instead of joining two
    participant rows per event. Written with the event, deleted with it (cascade)."""

    __tablename__ = "event_dyads"

    event_id: Mapped[int] = mapped_column(
        ID, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    source_id: Mapped[int] = mapped_column(
        ID, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    target_id: Mapped[int] = mapped_column(
        ID, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True
    )
    event_date: Mapped[dt.date] = mapped_column(Date)
    plover_type: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        Index("ix_event_dyads_date_pair", "event_date", "source_id", "target_id", "plover_type"),
        # A dyad page walks one pair's rows newest first (0012); source_id leads, so it also
        # serves every look-up by source.
        Index("ix_event_dyads_pair_date", "source_id", "target_id", "event_date", "event_id"),
        Index("ix_event_dyads_target", "target_id"),
    )
