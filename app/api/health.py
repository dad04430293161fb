"""Liveness (/healthz: the process answers) and readiness (/readyz: the database answers and
its schema is at the migration head)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel
from sqlalchemy import Engine

from app import migrate
from app.api.deps import get_database
from app.errors import ServiceUnavailable
from app.schemas.common import Problem

log = logging.getLogger("dyad.health")
router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str


class Ready(BaseModel):
    status: str
    revision: str


@router.get("/healthz", response_model=Health, summary="The process is alive")
def healthz() -> Health:
    return Health(status="ok")


@lru_cache
def _head_revision() -> str | None:
    return migrate.head_revision()


def readiness_engine(request: Request) -> Engine:
    """The engine /readyz checks: the database this app serves from (a dependency, so tests can
    point it at a dead server)."""
    return get_database(request).engine


@router.get(
    "/readyz",
    response_model=Ready,
    summary="The database is reachable and migrated to head",
    responses={
        503: {
            "model": Problem,
            "description": "Not ready; retry after `Retry-After` seconds",
            "content": {"application/problem+json": {}},
        }
    },
)
def readyz(engine: Annotated[Engine, Depends(readiness_engine)]) -> Ready:
    pool: Any = engine.pool
    capacity = pool.size() + max(0, getattr(pool, "_max_overflow", 0))
    if hasattr(pool, "checkedout") and pool.checkedout() >= capacity > 0:
        # Every connection is taken: reads are waiting for one (and will get 503s).
        raise ServiceUnavailable(
            f"all {capacity} database connections are in use", headers={"Retry-After": "5"}
        )
    try:
        current = migrate.current_revision(engine)
    except Exception as exc:  # noqa: BLE001 - any failure to reach the database means "not ready"
        log.warning("readiness: database unreachable (%s)", exc.__class__.__name__)
        raise ServiceUnavailable(
            "the database is not reachable", headers={"Retry-After": "5"}
        ) from None
    head = _head_revision()
    if current != head:
        raise ServiceUnavailable(
            f"database schema is at {current or 'no revision'}, expected {head}; run `dyad "
            "migrate`",
            headers={"Retry-After": "30"},
        )
    return Ready(status="ready", revision=current or "")
