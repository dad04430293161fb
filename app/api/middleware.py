"""Pure ASGI middleware (no request sessions here): request id + access log + metrics,
rate limiting (buckets in memory, Redis or the database: `app.security.shared_limits`), and the
request body cap enforced on the raw stream before any parsing."""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
import uuid
from typing import Any

import anyio
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.metrics import HTTP_LATENCY, HTTP_REQUESTS
from app.api.problems import problem
from app.errors import PayloadTooLarge
from app.logs import request_id_var
from app.security.ratelimit import TokenBucketLimiter
from app.security.shared_limits import Limiter, make_limiter

access_log = logging.getLogger("dyad.access")
_REQUEST_ID = re.compile(r"\A[A-Za-z0-9._:\-]{1,128}\Z")
UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
# Metric labels come from closed sets only: a client may send any token as a method, and each
# new label value would be a new time series kept forever.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "OTHER"


def status_label(status: int) -> str:
    return str(status) if 100 <= status <= 599 else "other"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class RequestContextMiddleware:
    """Give every request an id (the client's `X-Request-ID` when sane), echo it back, log one
    JSON line and count it by route *template* so metrics stay low-cardinality."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = _header(scope, b"x-request-id")
        request_id = offered if offered and _REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "<unmatched>"
            method = scope.get("method", "")
            HTTP_REQUESTS.labels(method_label(method), route, status_label(status)).inc()
            HTTP_LATENCY.labels(method_label(method), route).observe(elapsed)
            client = scope.get("client")
            access_log.info(
                "%s %s %s",
                method,
                scope.get("path", ""),
                status,
                extra={
                    "request_id": request_id,
                    "method": method,
                    "path": scope.get("path", ""),
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": client[0] if client else None,
                },
            )
            request_id_var.reset(token)


class RateLimitMiddleware:
    """Token bucket per API key (identified by the key's hash, so no database lookup and no
    secret kept in memory) or per client address when no key is sent. The buckets live where
    `make_limiter` puts them: in this process, or in Redis or the database shared by all."""

    def __init__(self, app: ASGIApp, per_minute: int, limiter: Limiter | None = None) -> None:
        self.app = app
        self.limiter = limiter or (make_limiter(per_minute) if per_minute > 0 else None)
        # A shared store is a network round trip: keep it off the event loop.
        self.blocking = not isinstance(self.limiter, TokenBucketLimiter)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or scope["type"] != "http" or scope.get("path") in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        identity = self._identity(scope)
        if self.blocking:
            wait = await anyio.to_thread.run_sync(self.limiter.acquire, identity)
        else:
            wait = self.limiter.acquire(identity)
        if wait > 0:
            retry = str(max(1, math.ceil(wait)))
            response = problem(
                Request(scope),
                429,
                "Too many requests",
                f"rate limit exceeded; retry in {retry} s",
                headers={"Retry-After": retry},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _identity(scope: Scope) -> str:
        auth = _header(scope, b"authorization") or ""
        scheme, _, value = auth.partition(" ")
        key = value.strip() if scheme.lower() == "bearer" else _header(scope, b"x-api-key")
        if key:
            return "key:" + hashlib.sha256(key.encode()).hexdigest()
        client = scope.get("client")
        return "addr:" + (client[0] if client else "unknown")


class BodyTooLarge(PayloadTooLarge, StarletteHTTPException):
    """Raised from inside `receive`. Being an HTTPException too, FastAPI's body parser re-raises it
    instead of turning it into a 400; the DyadError handler (first in the MRO) renders the 413."""

    def __init__(self, detail: str) -> None:
        PayloadTooLarge.__init__(self, detail)
        self.status_code = 413


class BodyLimitMiddleware:
    """Refuse bodies over `max_bytes`: at once from Content-Length, else while streaming, before
    the endpoint parses a byte of JSON."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0
        limit = self.max_bytes

        async def counting_receive() -> Message:
            nonlocal seen
            message: dict[str, Any] = dict(await receive())
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Raised inside the app, so the problem handler turns it into a 413.
                    raise BodyTooLarge(f"request body exceeds {limit} bytes (DYAD_MAX_BODY_BYTES)")
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            Request(scope),
            413,
            "Payload too large",
            f"request body exceeds {self.max_bytes} bytes (DYAD_MAX_BODY_BYTES)",
        )
        await response(scope, receive, send)


def install(app: Any) -> None:
    """Add the middleware stack; the last added runs first: context → CORS → gzip → HTTP
    conventions → rate limit → body cap. The limits answer inside the conventions and CORS, so
    a 429 or 413 carries `API-Version` and the CORS headers a browser needs to read it."""
    from app.api import http_cache
    from app.config import get_settings

    settings = get_settings()
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit_per_minute)
    http_cache.install(app)
    app.add_middleware(RequestContextMiddleware)
