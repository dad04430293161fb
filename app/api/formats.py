"""CSV, GeoJSON and NDJSON renderings of list endpoints, chunk by chunk (app.api.exports streams
them), and the flat rows of the stats endpoints.

Every CSV the API writes goes through `csv_lines`, which neutralises spreadsheet formulas (a
text cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, as OWASP
recommends for CSV injection): a sentence like `=IMPORTXML(...)` is shown, never run.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fastapi import Response
from pydantic import BaseModel

from app.api.negotiation import StatsFormat
from app.schemas.event import EventOut
from app.schemas.statement import StatementOut
from app.vocab import ParticipantRole

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
