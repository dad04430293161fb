from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class RateBucket(Base):
    """One rate-limit token bucket, shared by every API process (`dyad serve --workers N` without
    Redis). `updated_at` is Unix time in seconds: every process and machine reads the same clock."""

    __tablename__ = "rate_limit_buckets"

    identity: Mapped[str] = mapped_column(String(80), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
