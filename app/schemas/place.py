from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.vocab import PlaceKind


class PlaceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    kind: PlaceKind
    country: str | None = Field(None, description="ISO 3166-1 alpha-3")
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    parent_id: int | None = None
