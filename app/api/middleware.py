"""Pure ASGI middleware (no request sessions here): request id + access log + metrics,
rate limiting (buckets in memory, Redis or the database: `app.security.shared_limits`), and the
request body cap enforced on the raw stream before any parsing."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import anyio
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.deps import database_of
from app.api.metrics import HTTP_LATENCY, HTTP_REQUESTS
from app.api.problems import problem
from app.config import Settings, get_settings
from app.db import get_sessionmaker
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
    key: bytes
    value: bytes
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
    """Token buckets per API key and per client address, kept where `make_limiter` puts them: in
    this process, or in Redis or the database shared by all API processes.

    A key gets a bucket of its own only once it has been accepted (keyed by its hash: no
    database lookup here, no secret kept in memory); requests without a key pay from the
    client address's bucket. A key not yet accepted is checked against the address's budget of
    failed keys (in the same store, so every process spends one budget): each rejected key
    (401) costs one of FAILED_KEYS_PER_MINUTE, and once they are spent the address's unknown
    keys get a 429 without a database lookup. Invented keys therefore neither create buckets
    nor buy requests. IPv6 clients are counted per /64, the block one subscriber usually holds."""

    FAILED_KEYS_PER_MINUTE = 10

    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        limiter: Limiter | None = None,
        settings: Settings | None = None,
        database: Callable[[], sessionmaker[Session]] | None = None,
    ) -> None:
        """`settings` and `database` (the serving app's session factory, asked for when a
        shared store is needed) default to the process's."""
        self.app = app
        settings = settings or get_settings()
        sessions = database or get_sessionmaker
        if limiter is None and per_minute > 0:
            limiter = make_limiter(per_minute, settings, sessions)
        self.limiter = limiter
        self.failures = (
            make_limiter(self.FAILED_KEYS_PER_MINUTE, settings, sessions) if limiter else None
        )
        # A shared store is a network round trip: keep it off the event loop.
        self.blocking = not isinstance(self.limiter, TokenBucketLimiter)

    async def _ask(self, call: Callable[[str], Any], identity: str) -> Any:
        if self.blocking:
            return await anyio.to_thread.run_sync(call, identity)
        return call(identity)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limiter is None or scope["type"] != "http" or scope.get("path") in UNLIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        assert self.failures is not None
        addr = "addr:" + _address(scope)
        failed = "fail:" + addr
        key = _key_hash(scope)
        proven = key is not None and await self._ask(self.limiter.knows, key)
        if key is None:
            wait = await self._ask(self.limiter.acquire, addr)
        elif proven:
            wait = await self._ask(self.limiter.acquire, key)
        else:
            wait = await self._ask(self.failures.blocked, failed)
        if wait > 0:
            await self._refuse(scope, receive, send, wait)
            return
        status = 500

        async def watching(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watching)
        finally:
            if key is not None and not proven:
                if status == 401:
                    await self._ask(self.failures.acquire, failed)
                elif status < 500:
                    # The key was accepted: it has a bucket from now.
                    await self._ask(self.limiter.acquire, key)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, wait: float) -> None:
        retry = str(max(1, math.ceil(wait)))
        response = problem(
            Request(scope),
            429,
            "Too many requests",
            f"rate limit exceeded; retry in {retry} s",
            headers={"Retry-After": retry},
        )
        await response(scope, receive, send)


def _key_hash(scope: Scope) -> str | None:
    auth = _header(scope, b"authorization") or ""
    scheme, _, value = auth.partition(" ")
    key = value.strip() if scheme.lower() == "bearer" else _header(scope, b"x-api-key")
    return "key:" + hashlib.sha256(key.encode()).hexdigest() if key else None


def _address(scope: Scope) -> str:
    client = scope.get("client")
    if not client:
        return "unknown"
    try:
        ip = ipaddress.ip_address(client[0])
    except ValueError:
        return str(client[0])
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip)


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


def install(app: Any, settings: Settings) -> None:
    """Add the middleware stack; the last added runs first: context → CORS → gzip → HTTP
    conventions → rate limit → body cap. The limits answer inside the conventions and CORS, so
    a 429 or 413 carries `API-Version` and the CORS headers a browser needs to read it."""
    from app.api import http_cache

    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RateLimitMiddleware,
        per_minute=settings.rate_limit_per_minute,
        settings=settings,
        database=lambda: database_of(app).sessionmaker,
    )
    http_cache.install(app, settings)
    app.add_middleware(RequestContextMiddleware)
