"""API-wide query-string rules: an empty value means "not given", an unknown parameter is a 422,
and every GET also answers HEAD.

Dashboards send unset variables as empty values (`actor=&type=`), and a misspelt parameter
(`actors=`) must not silently widen the answer, so the declared parameters are the contract.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import InvalidParameter

QUERY_KEYS = "dyad.query_keys"


class QueryStringRules:
    """Drop empty query values before routing (keeping every name sent, for the unknown check),
    and answer HEAD as the GET without its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("query_string", b"").decode("latin-1")
        pairs = parse_qsl(raw, keep_blank_values=True)
        scope = dict(scope)
        scope.setdefault("state", {})
        scope["state"] = {**scope["state"], QUERY_KEYS: [k for k, _ in pairs]}
        if any(v == "" for _, v in pairs):
            kept = [(k, v) for k, v in pairs if v != ""]
            scope["query_string"] = urlencode(kept).encode("latin-1")
        if scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        scope["method"] = "GET"

        async def headless(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app(scope, receive, headless)


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


# Routes are unhashable; they live as long as the app, so their id() is a stable key (the route
# itself is kept beside its names so the id cannot be reused).
_KNOWN: dict[int, tuple[APIRoute, frozenset[str]]] = {}


def _known(route: APIRoute) -> frozenset[str]:
    hit = _KNOWN.get(id(route))
    if hit is None or hit[0] is not route:
        hit = _KNOWN[id(route)] = (route, frozenset(_query_names(route.dependant)))
    return hit[1]


async def reject_unknown_params(request: Request) -> None:
    """A query parameter the operation does not declare is a 422 naming it."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the dashboard page and the docs keep their state in their own query string
    sent = request.scope.get("state", {}).get(QUERY_KEYS)
    if sent is None:
        sent = list(request.query_params.keys())
    known = _known(route)
    unknown = sorted({k for k in sent if k not in known})
    if unknown:
        offered = ", ".join(sorted(known)) or "none"
        raise InvalidParameter(
            f"unknown query parameter {unknown[0]!r}; this operation takes: {offered}",
            param=unknown[0],
        )
