from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Place
from app.query import resolve
from app.query.geo import BBox
from app.query.paging import by_id


def page(
    session: Session,
    *,
    q: str | None,
    country: str | None,
    kind: str | None,
    limit: int,
    cursor: str | None,
    bbox: BBox | None = None,
) -> tuple[list[Place], str | None]:
    stmt = select(Place)
    if bbox:
        stmt = stmt.where(bbox.where(Place.lat, Place.lon))
    if q:
        pattern = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(Place.name).like(pattern, escape="\\"))
    if country:
        stmt = stmt.where(Place.country == resolve.country_code(session, country))
    if kind:
        stmt = stmt.where(Place.kind == kind)
    return by_id(session, stmt, Place.id, limit=limit, cursor=cursor)
