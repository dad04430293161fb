from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import ID, NO_ID_REUSE, Base


class Place(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    # Identity across articles: "gn:360630" when GeoNames knows the place, else
    # "name:<kind>:<normalised name>:<country>".
    match_key: Mapped[str] = mapped_column(String(340), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(3))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ID, ForeignKey("places.id", ondelete="SET NULL"))

    __table_args__ = (
        Index("ix_places_name", "name"),
        Index("ix_places_country_kind", "country", "kind"),
        Index("ix_places_parent_id", "parent_id"),
        Index("ix_places_lat_lon", "lat", "lon"),
        NO_ID_REUSE,
    )
