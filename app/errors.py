"""Typed domain errors; one handler in app.api.problems renders them as RFC 9457 problems."""

from __future__ import annotations

from collections.abc import Mapping


class DyadError(Exception):
    status: int = 500
    title: str = "Internal error"

    def __init__(
        self, detail: str, *, param: str | None = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.param = param
        # Typed as on Starlette's HTTPException: BodyTooLarge is both.
        self.headers: Mapping[str, str] | None = headers


class NotFound(DyadError):
    status = 404
    title = "Not found"


class InvalidParameter(DyadError):
    status = 422
    title = "Invalid parameter"


class ExtractionRefused(DyadError):
    """The article went over its extraction budget (time, memory) or the extractor failed on it."""

    status = 422
    title = "Article not extracted"


class Conflict(DyadError):
    status = 409
    title = "Conflict"


class PayloadTooLarge(DyadError):
    status = 413
    title = "Payload too large"


class Unauthorized(DyadError):
    status = 401
    title = "Unauthorized"


class Forbidden(DyadError):
    status = 403
    title = "Forbidden"


class ServiceUnavailable(DyadError):
    status = 503
    title = "Service unavailable"
