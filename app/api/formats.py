"""CSV, GeoJSON and NDJSON renderings of events, streamed with constant memory.

An export walks a server-side cursor in chunks (see app.query.events.stream) and writes each
chunk as soon as it is serialised; nothing holds the whole result.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

from fastapi import Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy import Select

from app.db import get_sessionmaker
from app.query import events as event_q
from app.schemas.event import EventOut

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


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_row(e: EventOut) -> list[Any]:
    by_role: dict[str, list[Any]] = {"source": [], "target": [], "other": []}
    for p in e.participants:
        by_role.setdefault(p.role, []).append(p.actor)
    src, tgt, oth = by_role["source"], by_role["target"], by_role["other"]
    place = e.place
    row = [
        e.id,
        e.date.isoformat(),
        e.date_precision,
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
    return [_cell(v) for v in row]


def feature(e: EventOut) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at the event's place, the event as properties."""
    props = e.model_dump(mode="json")
    place = e.place
    geometry = None
    if place is not None and place.lat is not None and place.lon is not None:
        geometry = {"type": "Point", "coordinates": [place.lon, place.lat]}
    return {"type": "Feature", "id": e.id, "geometry": geometry, "properties": props}


def _csv_chunks(chunks: Iterator[list[EventOut]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for chunk in chunks:
        writer.writerows(csv_row(e) for e in chunk)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def _geojson_chunks(chunks: Iterator[list[EventOut]]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for chunk in chunks:
        parts = [json.dumps(feature(e), separators=(",", ":")) for e in chunk]
        if parts:
            yield ("" if first else ",") + ",".join(parts)
            first = False
    yield "]}\n"


def _ndjson_chunks(chunks: Iterator[list[EventOut]]) -> Iterator[str]:
    for chunk in chunks:
        yield "".join(e.model_dump_json() + "\n" for e in chunk)


RENDERERS = {"csv": _csv_chunks, "geojson": _geojson_chunks, "ndjson": _ndjson_chunks}


def export(stmt: Select[Any], fmt: str, filename: str = "events") -> StreamingResponse:
    """Stream every row of `stmt` as `fmt` from a session of its own.

    The request's session is closed once the handler returns, while the body is still being
    sent, so the export opens (and always closes) its own.
    """

    def body() -> Iterator[str]:
        with get_sessionmaker()() as session:
            try:
                yield from RENDERERS[fmt](event_q.stream(session, stmt))
            except Exception:
                # Headers are gone already; the client sees a truncated body, the log says why.
                log.exception("export failed mid-stream")
                raise

    ext = {"csv": "csv", "geojson": "geojson", "ndjson": "ndjson"}[fmt]
    return StreamingResponse(
        body(),
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'inline; filename="{filename}.{ext}"'},
    )
