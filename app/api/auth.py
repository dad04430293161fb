"""Who may do what: writes (POST/DELETE) need a write or admin key; reads are public unless
DYAD_REQUIRE_READ_KEY=true. Installed once as an app-wide dependency, so a new router is
covered without remembering to opt in."""

from __future__ import annotations

from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from app.api.deps import get_database
from app.api.settings import request_settings
from app.errors import Forbidden, Unauthorized
from app.models import ApiKey
from app.security.keys import find_active_key, scope_allows

# Operational endpoints stay open: load balancers and Prometheus carry no keys.
OPEN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="`X-API-Key: <key>`")

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="dyad"'}


def presented_key(request: Request) -> str | None:
    """The key the client sent, from either header (never logged)."""
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


async def authorize(
    request: Request,
    _b: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _h: Annotated[str | None, Depends(_header)],
) -> None:
    """Refuse the request unless its key (if any is needed) is live and has the scope.

    A public read without a key is settled on the event loop; only a key lookup (a database
    round trip) goes to a worker thread."""
    if request.url.path in OPEN_PATHS:
        return
    if request.method in READ_METHODS:
        needed = "read" if request_settings(request).require_read_key else None
    else:
        needed = "write"
    key = presented_key(request)
    if needed is None and key is None:
        return
    if key is None:
        raise Unauthorized(
            f"this request needs an API key with {needed} scope "
            "(Authorization: Bearer … or X-API-Key)",
            headers=CHALLENGE,
        )
    row = await anyio.to_thread.run_sync(_find_key, request, key)
    if row is None:
        raise Unauthorized("API key is unknown or revoked", headers=CHALLENGE)
    if needed is not None and not scope_allows(row.scope, needed):
        raise Forbidden(f"this API key has {row.scope} scope; this request needs {needed}")
    request.state.api_key_id = row.id


def _find_key(request: Request, key: str) -> ApiKey | None:
    # A short session of its own: the request's session is not opened here, so an endpoint that
    # extracts before it stores holds no connection while spaCy runs.
    with get_database(request).sessionmaker() as session:
        return find_active_key(session, key)
