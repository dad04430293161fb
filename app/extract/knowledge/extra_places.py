"""Territories the gazetteer lacks (`territories.csv`)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from app.extract.knowledge.files import csv_rows, split_list


@dataclass(frozen=True)
class Territory:
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None
    lat: float
    lon: float
    geonames_id: int | None
    parent: str | None


@functools.lru_cache(maxsize=1)
def territories() -> list[Territory]:
    out = []
    for row in csv_rows("territories.csv"):
        out.append(
            Territory(
                name=row["name"],
                aliases=tuple(split_list(row.get("aliases"))),
                kind=row["kind"],
                country=row.get("country") or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                geonames_id=int(row["geonames_id"]) if row.get("geonames_id") else None,
                parent=row.get("parent") or None,
            )
        )
    return out
