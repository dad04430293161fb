"""Every 4xx/5xx leaves the service as application/problem+json (RFC 9457)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DyadError

log = logging.getLogger("dyad.api")
PROBLEM = "application/problem+json"


def problem(
    request: Request,
    status: int,
    title: str,
    detail: str,
    *,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if param:
        body["param"] = param
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _loc_param(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(DyadError)
    async def dyad_error(request: Request, exc: DyadError) -> JSONResponse:
        return problem(
            request, exc.status, exc.title, exc.detail, param=exc.param, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"param": _loc_param(e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"param": "", "message": "invalid request"}
        detail = "; ".join(f"{e['param']}: {e['message']}" for e in errors) or "invalid request"
        return problem(
            request,
            422,
            "Invalid parameter",
            detail,
            param=first["param"],
            extra={"errors": errors},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        cause = exc.__cause__
        if exc.status_code == 400 and cause is not None:
            # FastAPI wraps any failure while reading/parsing a body in a bare 400. Say what it was:
            # the body cap (413, raised while the body streams in) or a body that is not JSON at all
            # (invalid UTF-8, nesting too deep to parse) — the same 422 as any other malformed JSON.
            if isinstance(cause, DyadError):
                return await dyad_error(request, cause)
            if isinstance(cause, (UnicodeDecodeError, RecursionError, ValueError)):
                reason = {
                    UnicodeDecodeError: "is not valid UTF-8",
                    RecursionError: "is nested too deeply",
                }.get(type(cause), "is not valid JSON")
                return problem(
                    request, 422, "Invalid parameter", f"the request body {reason}", param="body"
                )
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        return problem(
            request, exc.status_code, title, str(exc.detail), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(IntegrityError)
    async def conflicting_write(request: Request, exc: IntegrityError) -> JSONResponse:
        # A unique or foreign-key constraint refused the write: usually a concurrent request stored
        # the same natural key (a URL, an id) between our check and our insert. The state changed
        # under the client, which is what 409 says; nothing was stored (the transaction rolled
        # back).
        log.warning(
            "write refused by a constraint: %s",
            exc.orig.__class__.__name__ if exc.orig else "IntegrityError",
        )
        return problem(
            request,
            409,
            "Conflict",
            "the write conflicts with data stored meanwhile (for example the same URL); nothing "
            "was stored",
        )

    @app.exception_handler(DataError)
    async def database_refused_value(request: Request, exc: DataError) -> JSONResponse:
        # SQLSTATE class 22: the database refused a value the client sent (a number out of range,
        # a NUL character, a string too long for its column). The client's input, not an outage.
        log.warning(
            "database refused a value: %s", exc.orig.__class__.__name__ if exc.orig else "DataError"
        )
        return problem(
            request,
            422,
            "Invalid parameter",
            "a value is out of range, too long, or holds characters the database cannot store "
            "(such as NUL)",
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(PoolTimeout)
    async def database_down(request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", exc.__class__.__name__)
        return problem(
            request,
            503,
            "Service unavailable",
            "the database is not reachable; retry later",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(DBAPIError)
    async def database_error(request: Request, exc: DBAPIError) -> JSONResponse:
        if exc.connection_invalidated:
            return problem(
                request,
                503,
                "Service unavailable",
                "the database connection was lost; retry later",
                headers={"Retry-After": "5"},
            )
        log.exception("database error")
        return problem(request, 500, "Internal error", "unexpected database error")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, _exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem(request, 500, "Internal error", "unexpected error")
