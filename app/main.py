"""create_app(): routers, middleware and error handlers."""

from __future__ import annotations

from fastapi import FastAPI

from app.api import actors, articles, events, health, places, problems, statements
from app.schemas.common import Problem

API_VERSION = "1.0.0"

DESCRIPTION = """
Dyad turns English news text into coded political events (who did what to whom, when and where),
actors, statements and geocoded places. Every record points back to its article and sentence.

Errors are RFC 9457 `application/problem+json` documents naming the parameter at fault.
List endpoints use keyset pagination: follow `next` (also sent as an RFC 8288 `Link` header).
"""


def create_app() -> FastAPI:
    app = FastAPI(
        title="Dyad",
        version=API_VERSION,
        description=DESCRIPTION,
        responses={
            422: {"model": Problem, "description": "Invalid parameter", "content": {"application/problem+json": {}}},
        },
    )
    problems.install(app)
    for module in (events, actors, places, statements, articles, health):
        app.include_router(module.router)
    return app


app = create_app()
