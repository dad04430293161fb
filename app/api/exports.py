"""Streamed exports: every match of a list endpoint as csv, geojson or ndjson, read from a
snapshot session of its own, with constant memory and a bounded number running at once.

An export walks a server-side cursor in chunks (see app.query.events.stream) and writes each
chunk as soon as it is serialised; nothing holds the whole result.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Message, Receive, Scope, Send

from app.api.deps import get_database
from app.api.formats import MEDIA, RENDERERS, _ndjson_chunks, _statement_csv_chunks
from app.api.negotiation import Format
from app.api.settings import request_settings
from app.errors import ServiceUnavailable
from app.query import events as event_q
from app.query import statements as statement_q

log = logging.getLogger("dyad.api")

_exports_lock = threading.Lock()
_exports_running = 0


def _claim_export_slot(limit: int) -> Callable[[], None]:
    """Count one more export running, or refuse with a 503 when `limit`
    (DYAD_MAX_CONCURRENT_EXPORTS) are already streaming; returns the function that gives the
    slot back (once)."""
    global _exports_running
    with _exports_lock:
        if _exports_running >= limit:
            raise ServiceUnavailable(
                f"{limit} exports are already streaming (DYAD_MAX_CONCURRENT_EXPORTS); retry later",
                headers={"Retry-After": "10"},
            )
        _exports_running += 1
    released = False

    def release() -> None:
        global _exports_running
        nonlocal released
        with _exports_lock:
            if not released:
                released = True
                _exports_running -= 1

    return release


def snapshot_session(factory: sessionmaker[Session]) -> Session:
    """A session reading one point in time: a REPEATABLE READ, read-only transaction on
    PostgreSQL, one read transaction on SQLite, begun (and its connection taken) now, so a
    missing connection is an error answer rather than a truncated body."""
    session = factory()
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.connection(
                execution_options={
                    "isolation_level": "REPEATABLE READ",
                    "postgresql_readonly": True,
                }
            )
        else:
            session.connection().exec_driver_sql("BEGIN")
    except BaseException:
        session.close()
        raise
    return session


class ExportResponse(StreamingResponse):
    """A streamed export that gives its connection and its slot back deterministically: when
    the body ends, when the client goes away, and when the client stops reading for
    DYAD_EXPORT_STALL_SECONDS (a reader that never reads would otherwise hold a connection and
    a snapshot for as long as it likes)."""

    def __init__(
        self,
        chunks: Generator[str, None, None],
        session: Session,
        release: Callable[[], None],
        stall_seconds: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(chunks, **kwargs)
        self._chunks = chunks
        self._session = session
        self._release = release
        self._stall = stall_seconds

    def _close(self) -> None:
        try:
            self._chunks.close()
        finally:
            self._session.close()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def bounded_send(message: Message) -> None:
            with anyio.fail_after(self._stall):
                await send(message)

        try:
            await super().__call__(scope, receive, bounded_send)
        except TimeoutError:
            log.warning("export stopped: the client read nothing for %s s", self._stall)
        except OSError:
            log.info("export stopped: the client went away")
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(self._close)
                self._release()


def _streamed(
    request: Request, produce: Callable[[Session], Iterator[str]], fmt: Format, filename: str
) -> StreamingResponse:
    """A streamed body read from a snapshot session of its own, on the database of the app
    serving `request` and within its settings' limits.

    The request's session is closed once the handler returns, while the body is still being
    sent, so the export opens (and always closes) its own; at most
    DYAD_MAX_CONCURRENT_EXPORTS run at once, so exports never take every connection.
    """
    settings = request_settings(request)
    release = _claim_export_slot(settings.max_concurrent_exports)
    try:
        session = snapshot_session(get_database(request).sessionmaker)
    except BaseException:
        release()
        raise

    def body() -> Generator[str, None, None]:
        try:
            yield from produce(session)
        except Exception:
            # Headers are gone already; the client sees a truncated body, the log says why.
            log.exception("export failed mid-stream")
            raise
        finally:
            session.close()

    return ExportResponse(
        body(),
        session,
        release,
        settings.export_stall_seconds,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{filename}.{fmt}"'},
    )


def export(
    request: Request, stmt: Select[Any], fmt: Format, filename: str = "events"
) -> StreamingResponse:
    """Stream every event of `stmt` as `fmt` (csv, geojson or ndjson)."""
    return _streamed(request, lambda s: RENDERERS[fmt](event_q.stream(s, stmt)), fmt, filename)


def export_statements(request: Request, stmt: Select[Any], fmt: Format) -> StreamingResponse:
    """Stream every statement of `stmt` as csv or ndjson (statements have no geometry)."""
    render = {"csv": _statement_csv_chunks, "ndjson": _ndjson_chunks}[fmt]
    return _streamed(request, lambda s: render(statement_q.stream(s, stmt)), fmt, "statements")
