"""CSV, GeoJSON and NDJSON renderings of list endpoints, streamed with constant memory.

An export walks a server-side cursor in chunks (see app.query.events.stream) and writes each
chunk as soon as it is serialised; nothing holds the whole result.

Every CSV the API writes goes through `csv_lines`, which neutralises spreadsheet formulas (a
text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, as OWASP
recommends for CSV injection): a sentence like `=IMPORTXML(...)` is shown, never run.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

import anyio
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.orm import Session, sessionmaker
from starlette.types import Message, Receive, Scope, Send

from app.api.deps import get_database
from app.api.params import Format, StatsFormat
from app.api.settings import request_settings
from app.errors import ServiceUnavailable
from app.query import events as event_q
from app.query import statements as statement_q
from app.schemas.event import EventOut
from app.schemas.statement import StatementOut
from app.vocab import ParticipantRole

log = logging.getLogger("dyad.api")

MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "ndjson": "application/x-ndjson",
}

# One row per event. Several sources or targets are joined with " | " in the same order in
# the *_ids, *_names and *_codes columns. Empty cells are unknown values.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "date_precision",
    "date_source",
    "type",
    "cameo",
    "quad_class",
    "goldstein",
    "source_ids",
    "source_names",
    "source_codes",
    "target_ids",
    "target_names",
    "target_codes",
    "other_ids",
    "other_names",
    "place_id",
    "place_name",
    "place_kind",
    "place_source",
    "country",
    "lat",
    "lon",
    "negated",
    "hypothetical",
    "confidence",
    "article_id",
    "sentence_index",
    "span_start",
    "span_end",
    "trigger",
    "sentence",
)
SEP = " | "


def json_body(model: BaseModel, response: Response) -> Response:
    """`model` serialised once by pydantic-core, keeping headers set on `response` (Link).

    Returning a Response skips FastAPI's second validation pass of the response model, which
    costs as much as building the page itself; the declared response_model still documents it.
    """
    return Response(
        model.model_dump_json(), media_type="application/json", headers=dict(response.headers)
    )


# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """One CSV cell: empty for None, true/false for booleans, numbers as they are, and text
    that a spreadsheet would run as a formula prefixed with `'` so it is shown as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(columns: Sequence[str], rows: Iterable[Iterable[Sequence[Any]]]) -> Iterator[str]:
    """The header, then one string per chunk of rows (CRLF lines, RFC 4180 quoting); every cell
    passes through `csv_cell`. Use this for every CSV the API writes."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for chunk in rows:
        writer.writerows([csv_cell(v) for v in row] for row in chunk)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def csv_row(e: EventOut) -> list[Any]:
    by_role: dict[str, list[Any]] = {role: [] for role in ParticipantRole}
    for p in e.participants:
        by_role.setdefault(p.role, []).append(p.actor)
    src, tgt, oth = by_role["source"], by_role["target"], by_role["other"]
    place = e.place
    row = [
        e.id,
        e.date.isoformat(),
        e.date_precision,
        e.date_source,
        e.type,
        e.cameo,
        e.quad_class,
        e.goldstein,
        SEP.join(str(a.id) for a in src),
        SEP.join(a.name for a in src),
        SEP.join(a.code or "" for a in src),
        SEP.join(str(a.id) for a in tgt),
        SEP.join(a.name for a in tgt),
        SEP.join(a.code or "" for a in tgt),
        SEP.join(str(a.id) for a in oth),
        SEP.join(a.name for a in oth),
        place.id if place else None,
        place.name if place else None,
        place.kind if place else None,
        e.place_source if place else None,
        place.country if place else None,
        place.lat if place else None,
        place.lon if place else None,
        e.negated,
        e.hypothetical,
        e.confidence,
        e.article_id,
        e.sentence_index,
        e.span.start,
        e.span.end,
        e.trigger,
        e.sentence,
    ]
    return row


def feature(e: EventOut) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at the event's place, the event as properties."""
    props = e.model_dump(mode="json")
    place = e.place
    geometry = None
    if place is not None and place.lat is not None and place.lon is not None:
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


def _csv_chunks(chunks: Iterator[list[EventOut]]) -> Iterator[str]:
    return csv_lines(CSV_COLUMNS, ([csv_row(e) for e in chunk] for chunk in chunks))


def _geojson_chunks(chunks: Iterator[list[EventOut]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for chunk in chunks:
        parts = [json.dumps(feature(e), separators=(",", ":")) for e in chunk]
        if parts:
            yield ("" if first else ",") + ",".join(parts)
            first = False
    yield "]}\n"


def _ndjson_chunks(chunks: Iterator[Sequence[BaseModel]]) -> Iterator[str]:
    for chunk in chunks:
        yield "".join(e.model_dump_json() + "\n" for e in chunk)


RENDERERS = {"csv": _csv_chunks, "geojson": _geojson_chunks, "ndjson": _ndjson_chunks}


STATEMENT_CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "date",
    "kind",
    "speaker_id",
    "speaker_name",
    "speaker_code",
    "cue",
    "article_id",
    "sentence_index",
    "span_start",
    "span_end",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "event_id",
    "text",
)


def statement_csv_row(s: StatementOut) -> list[Any]:
    sp = s.speaker
    return [
        s.id,
        s.date.isoformat() if s.date else None,
        s.kind,
        sp.id if sp else None,
        sp.name if sp else None,
        sp.code if sp else None,
        s.cue,
        s.article_id,
        s.sentence_index,
        s.span.start,
        s.span.end,
        s.speaker_text,
        s.speaker_span.start if s.speaker_span else None,
        s.speaker_span.end if s.speaker_span else None,
        s.event_id,
        s.text,
    ]


def _statement_csv_chunks(chunks: Iterator[list[StatementOut]]) -> Iterator[str]:
    return csv_lines(
        STATEMENT_CSV_COLUMNS, ([statement_csv_row(s) for s in chunk] for chunk in chunks)
    )


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


def flat_rows(
    rows: list[dict[str, Any]], columns: list[str], fmt: StatsFormat, filename: str
) -> Response:
    """Aggregation rows as CSV (header = `columns`, through `csv_lines`) or NDJSON (one flat
    object per row)."""
    if fmt == "csv":
        body = "".join(csv_lines(columns, [[[r.get(c) for c in columns] for r in rows]]))
    else:
        body = "".join(json.dumps(r, separators=(",", ":"), default=str) + "\n" for r in rows)
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{filename}.{fmt}"'},
    )
