"""create_app(): routers, middleware and error handlers."""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline

from app.api import (
    actors,
    articles,
    events,
    extract,
    health,
    ingest,
    jobs,
    metrics,
    middleware,
    places,
    problems,
    statements,
    stats,
    stats_network,
    stats_places,
)
from app.api.auth import authorize
from app.api.deps import bind_database
from app.api.query_rules import QueryStringRules, reject_unknown_params
from app.api.settings import bind_settings
from app.config import Settings, get_settings
from app.db import Database
from app.schemas.common import Problem
from app.web import router as dashboard

API_VERSION = "1.0.0"

DESCRIPTION = """
Dyad turns English news text into coded political events (who did what to whom, when and where),
actors, statements and geocoded places. Every record points back to its article and sentence.

Errors are RFC 9457 `application/problem+json` documents naming the parameter at fault.
List endpoints use keyset pagination: follow `next` (also sent as an RFC 8288 `Link` header).

**Versioning.** This is API version 1 (`info.version` 1.x.y: additions only, never a removed or
renamed field or parameter). Every response carries the header `API-Version: 1`; a client may send
`API-Version: 1` to state what it was written for (any other value is a 422). A breaking change
would be served as version 2 side by side, selected by that header, with version 1 kept.

**One filter everywhere.** `/events`, `/actors/{id}/events`, `/places/{id}/events`,
`/actors/{id}/network` and every `/stats/*` endpoint take the same event filter parameters, with
the same meaning. A name that matches no actor, place or country is a 422, never an empty answer.

**Formats.** JSON pages by default; `format=csv|geojson|ndjson` (or `Accept: text/csv`,
`application/geo+json`, `application/x-ndjson`) streams *every* match, without a cap. GETs carry a
weak `ETag` and `Cache-Control`; send `If-None-Match` for a `304`. Responses are gzipped when the
client accepts it.

Writes (POST, DELETE) need an API key with write scope, sent as `Authorization: Bearer <key>` or
`X-API-Key: <key>`; reads are public unless the server sets `DYAD_REQUIRE_READ_KEY=true`. Requests
are rate-limited per key (or per client address) to `DYAD_RATE_LIMIT_PER_MINUTE`: 429 with
`Retry-After`. Limits (413): request body `DYAD_MAX_BODY_BYTES` (default 5,000,000 bytes),
article text `DYAD_MAX_ARTICLE_CHARS` (200,000 characters), ingest job `DYAD_MAX_JOB_ARTICLES`
(10,000 records).
Every response carries `X-Request-ID` (yours, when you send one).

Ids are positive 64-bit integers (1 to 2^63 - 1) on every database and are never reused: a
deleted record's id never names another. A larger number is a 422; an id that names nothing is a
404 in a path and a 422 in a filter parameter.
"""


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    """The API, serving with `settings` and from `database` (default: the process's, from the
    DYAD_* environment); every request reads them from the app, never from a process global."""
    settings = settings or get_settings()
    # /docs and /redoc with their scripts served from the package, never from a CDN.
    app = FastAPIOffline(
        redoc_url=None,  # served by app.web with the bundle's one CDN URL made local
        title="Dyad",
        version=API_VERSION,
        description=DESCRIPTION,
        dependencies=[Depends(authorize), Depends(reject_unknown_params)],
        responses={
            422: {
                "model": Problem,
                "description": "Invalid parameter",
                "content": {"application/problem+json": {}},
            },
        },
    )
    bind_settings(app, settings)
    if database is not None:
        bind_database(app, database)
    problems.install(app)
    for module in (events, actors, places, statements, articles, health):
        app.include_router(module.router)
    for module in (stats, stats_places, stats_network):
        app.include_router(module.router)
    for module in (ingest, jobs, extract, metrics):
        app.include_router(module.router)
    dashboard.install(app)
    middleware.install(app, settings)
    # Outermost: empty values and HEAD are settled before anything else reads the request.
    app.add_middleware(QueryStringRules)
    jobs.install_worker(app)
    return app


app = create_app()
