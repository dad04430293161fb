"""Example payloads for the OpenAPI document (taken from the seed article's Cairo meeting)."""

from __future__ import annotations

import json
from typing import Any

from app.schemas.common import Problem

ACTOR: dict[str, Any] = {
    "id": 1,
    "name": "Hamas",
    "kind": "organization",
    "country": "PSE",
    "code": "PSEHAM",
}
EGYSPY: dict[str, Any] = {
    "id": 2,
    "name": "Egyptian intelligence",
    "kind": "agent",
    "country": "EGY",
    "code": "EGYSPY",
}
PLACE: dict[str, Any] = {
    "id": 3,
    "name": "Cairo",
    "kind": "city",
    "country": "EGY",
    "lat": 30.06263,
    "lon": 31.24967,
    "geonames_id": 360630,
    "parent_id": 4,
}
EVENT: dict[str, Any] = {
    "id": 42,
    "article_id": 1,
    "sentence_index": 2,
    "span": {"start": 120, "end": 214},
    "sentence": "Hamas leaders met Egyptian intelligence officials in Cairo on Monday.",
    "trigger": "met",
    "trigger_span": {"start": 134, "end": 137},
    "type": "CONSULT",
    "cameo": "040",
    "quad_class": 1,
    "goldstein": 1.0,
    "date": "2017-09-11",
    "date_precision": "day",
    "date_source": "text",
    "place": PLACE,
    "place_source": "text",
    "negated": False,
    "hypothetical": False,
    "confidence": 0.9,
    "participants": [{"role": "source", "actor": ACTOR}, {"role": "target", "actor": EGYSPY}],
    "statement_id": None,
}
NEXT = "http://127.0.0.1:8000/events?actor=Hamas&cursor=eyJzIjoiLWRhdGUiLCJrIjpbIjIwMTctMDktMTEiLDQyXX0"
STATEMENT: dict[str, Any] = {
    "id": 7,
    "article_id": 1,
    "speaker": ACTOR,
    "text": "We are ready to dissolve the administrative committee",
    "kind": "direct",
    "cue": "said",
    "date": "2017-09-17",
    "sentence_index": 4,
    "span": {"start": 400, "end": 455},
    "speaker_span": {"start": 380, "end": 385},
    "speaker_text": "Hamas",
    "event_id": None,
}
ARTICLE: dict[str, Any] = {
    "id": 1,
    "url": "https://example.org/hamas-cairo",
    "title": "Hamas agrees to dissolve Gaza committee",
    "source": "Example News",
    "published": "2017-09-17",
    "language": "en",
    "extractor_version": "1.0.0",
    "ingested_at": "2026-11-26T13:50:04Z",
    "event_count": 5,
    "statement_count": 2,
}
CSV_EXAMPLE = (
    "id,date,date_precision,date_source,type,cameo,quad_class,goldstein,source_ids,source_names,"
    "source_codes,target_ids,target_names,target_codes,other_ids,other_names,place_id,place_name,"
    "place_kind,place_source,country,"
    "lat,lon,negated,hypothetical,confidence,article_id,sentence_index,span_start,span_end,trigger,"
    "sentence\r\n"
    "42,2017-09-11,day,text,CONSULT,040,1,1.0,1,Hamas,PSEHAM,2,Egyptian intelligence,EGYSPY,,,3,"
    "Cairo,city,text,EGY,"
    "30.06263,31.24967,false,false,0.9,1,2,120,214,met,"
    "Hamas leaders met Egyptian intelligence officials in Cairo on Monday.\r\n"
)
FEATURE: dict[str, Any] = {
    "type": "Feature",
    "id": 42,
    "geometry": {"type": "Point", "coordinates": [31.24967, 30.06263]},
    "properties": EVENT,
}


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {
        "model": Problem,
        "description": "Not found",
        "content": {"application/problem+json": {}},
    },
}


def ok(example: Any, *, not_found: bool = False) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: an example of the JSON body (and the 404 problem, if any)."""
    out: dict[int | str, dict[str, Any]] = {
        200: {"content": {"application/json": {"example": example}}}
    }
    return {**out, **NOT_FOUND} if not_found else out


def export_media() -> dict[str, Any]:
    """Media types of the streamed event exports, with examples."""
    return {
        "text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE},
        "application/geo+json": {
            "schema": {"type": "object"},
            "example": {"type": "FeatureCollection", "features": [FEATURE]},
        },
        "application/x-ndjson": {"schema": {"type": "string"}, "example": json.dumps(EVENT) + "\n"},
    }


def events_responses(*, not_found: bool = False) -> dict[int | str, dict[str, Any]]:
    content = {
        "application/json": {"example": {"items": [EVENT], "next": NEXT, "total": None}},
        **export_media(),
    }
    out: dict[int | str, dict[str, Any]] = {
        200: {
            "content": content,
            "description": "A page of events (JSON) or every match (csv, geojson, ndjson).",
        }
    }
    return {**out, **NOT_FOUND} if not_found else out


STATEMENT_CSV_EXAMPLE = (
    "id,date,kind,speaker_id,speaker_name,speaker_code,cue,article_id,sentence_index,"
    "span_start,span_end,text\r\n"
    '7,2017-09-11,direct,3,Hamas,PSEHAM,said,1,2,120,161,"We are ready to hold elections"\r\n'
)


def statements_responses() -> dict[int | str, dict[str, Any]]:
    return {
        200: {
            "content": {
                "application/json": {
                    "example": {"items": [STATEMENT], "next": None, "total": None}
                },
                "text/csv": {"schema": {"type": "string"}, "example": STATEMENT_CSV_EXAMPLE},
                "application/x-ndjson": {
                    "schema": {"type": "string"},
                    "example": json.dumps(STATEMENT) + "\n",
                },
            },
            "description": "A page of statements (JSON) or every match (csv, ndjson).",
        }
    }
