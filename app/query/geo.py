"""Bounding boxes and great-circle radius searches over the denormalised events.lat/lon."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_

from app.errors import InvalidParameter

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def _floats(text: str, count: int, param: str, shape: str) -> list[float]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count:
        raise InvalidParameter(f"{param} must be {shape}", param=param)
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InvalidParameter(f"{param} must be {shape} (numbers)", param=param) from None
    if not all(math.isfinite(v) for v in values):
        raise InvalidParameter(f"{param} must hold finite numbers", param=param)
    return values


def _check_lat_lon(lat: float, lon: float, param: str) -> None:
    if not -90.0 <= lat <= 90.0:
        raise InvalidParameter(f"{param}: latitude {lat} is outside -90..90", param=param)
    if not -180.0 <= lon <= 180.0:
        raise InvalidParameter(f"{param}: longitude {lon} is outside -180..180", param=param)


@dataclass(frozen=True)
class BBox:
    """minLon,minLat,maxLon,maxLat; edges inclusive. minLon > maxLon crosses the antimeridian."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, text: str, param: str = "bbox") -> BBox:
        min_lon, min_lat, max_lon, max_lat = _floats(text, 4, param, "minLon,minLat,maxLon,maxLat")
        _check_lat_lon(min_lat, min_lon, param)
        _check_lat_lon(max_lat, max_lon, param)
        if min_lat > max_lat:
            raise InvalidParameter(f"{param}: minLat is greater than maxLat", param=param)
        return cls(min_lon, min_lat, max_lon, max_lat)

    def where(self, lat: Any, lon: Any) -> ColumnElement[bool]:
        lat_ok = lat.between(self.min_lat, self.max_lat)
        if self.min_lon <= self.max_lon:
            return and_(lat_ok, lon.between(self.min_lon, self.max_lon))
        return and_(lat_ok, or_(lon >= self.min_lon, lon <= self.max_lon))


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    radius_km: float

    @classmethod
    def parse(cls, text: str, radius_km: float, param: str = "near") -> Near:
        lat, lon = _floats(text, 2, param, "lat,lon")
        _check_lat_lon(lat, lon, param)
        return cls(lat, lon, radius_km)

    def bbox(self) -> BBox:
        """The smallest lat/lon box holding the circle, so the (lat, lon) index does the work."""
        dlat = self.radius_km / KM_PER_DEGREE
        min_lat, max_lat = self.lat - dlat, self.lat + dlat
        if min_lat <= -90.0 or max_lat >= 90.0:
            # The circle covers a pole: every longitude is in reach.
            return BBox(-180.0, max(min_lat, -90.0), 180.0, min(max_lat, 90.0))
        # Longitude degrees shrink with the cosine of the latitude, worst at the edge nearer the
        # pole.
        widest = max(abs(min_lat), abs(max_lat))
        dlon = self.radius_km / (KM_PER_DEGREE * math.cos(math.radians(widest)))
        if dlon >= 180.0:
            return BBox(-180.0, min_lat, 180.0, max_lat)
        min_lon, max_lon = self.lon - dlon, self.lon + dlon
        if min_lon < -180.0:
            min_lon += 360.0
        if max_lon > 180.0:
            max_lon -= 360.0
        return BBox(min_lon, min_lat, max_lon, max_lat)

    def where(self, lat: Any, lon: Any) -> ColumnElement[bool]:
        # Haversine; both SQLite (3.35+ math functions) and PostgreSQL have these functions.
        lat1, lon1 = math.radians(self.lat), math.radians(self.lon)
        half_dlat = (func.radians(lat) - lat1) / 2
        half_dlon = (func.radians(lon) - lon1) / 2
        a = func.sin(half_dlat) * func.sin(half_dlat) + math.cos(lat1) * func.cos(
            func.radians(lat)
        ) * func.sin(half_dlon) * func.sin(half_dlon)
        # Capping at 1 guards asin against rounding just above 1 for antipodal points (PostgreSQL
        # raises there, and it may evaluate this before the box test).
        capped = case((a > 1.0, 1.0), else_=a)
        distance = 2 * EARTH_RADIUS_KM * func.asin(func.sqrt(capped))
        return and_(self.bbox().where(lat, lon), distance <= self.radius_km)
