"""JSON shape of an extraction, as printed by `dyad extract` and returned by `POST /extract`.

```
{
  "extractor_version": "dyad-extract 0.4.0",
  "article": {"id": str|null, "title": str|null, "url": str|null, "source": str|null,
              "date": "YYYY-MM-DD"},
  "sentences":    [{"index": int, "start": int, "end": int}],
  "actors":       [{"key": "a1", "name": "Hamas", "kind": "person|organization|state|group|agent",
                    "country": "PSE"|null, "code": "PSEHAM"|null, "description": str|null,
                    "aliases": [str]}],
  "affiliations": [{"person": "a3", "organization": "a1", "role": "head of the politburo"|null}],
  "places":       [{"key": "p1", "name": "Cairo",
                    "kind": "city|region|territory|country|continent|other", "country": "EGY"|null,
                    "lat": float|null, "lon": float|null, "geonames_id": int|null,
                    "parent": "p2"|null}],
  "mentions":     [{"entity": "a1"|"p1", "entity_type": "actor|place", "sentence": int,
                    "start": int, "end": int, "text": str}],
  "events":       [{"sentence": int, "start": int, "end": int, "trigger": "met",
                    "trigger_start": int, "trigger_end": int, "plover_type": "CONSULT",
                    "cameo_code": "040", "quad_class": 1, "goldstein": 1.0,
                    "date": "YYYY-MM-DD", "date_precision": "day|month|year",
                    "place": "p1"|null, "date_source": "text|context|article",
                    "place_source": "text|context|article"|null, "negated": bool,
                    "hypothetical": bool, "confidence": float,
                    "participants": [{"actor": "a1", "role": "source|target|other"}],
                    "statement_id": int|null}],
  "statements":   [{"sentence": int, "start": int, "end": int, "text": str,
                    "kind": "direct|indirect", "cue": "said"|null, "speaker": "a1"|null,
                    "speaker_span": {"start": int, "end": int}|null, "speaker_text": "he"|null,
                    "date": "YYYY-MM-DD"|null, "event_id": int|null}]
}
```

`speaker_span` is where the speaker is named in the text ("he", "the newspaper"), given even when
no actor is known; `speaker` is the actor it resolves to. A speech-act event (ACCUSE, REQUEST, ...)
and the statement carrying its content point to each other: `statement_id` and `event_id` are
indexes into `statements` and `events` of the same extraction.

All `start`/`end` values are character offsets into the article text as given (end exclusive);
`sentence` is an index into `sentences`. Actor and place keys are local to one extraction.
The article text itself is not repeated.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from app.extract.records import Extraction, StatementRecord


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(obj: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}


def to_dict(extraction: Extraction) -> dict[str, Any]:
    """JSON-ready dict of an extraction (shape in this module's docstring)."""
    a = extraction.article
    return {
        "extractor_version": extraction.extractor_version,
        "article": {
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "date": a.date.isoformat(),
        },
        "sentences": [_record(s) for s in extraction.sentences],
        "actors": [_record(x) for x in extraction.actors],
        "affiliations": [_record(x) for x in extraction.affiliations],
        "places": [_record(x) for x in extraction.places],
        "mentions": [_record(x) for x in extraction.mentions],
        "events": [
            {
                **{k: v for k, v in _record(e).items() if k != "participants"},
                "participants": [_record(p) for p in e.participants],
            }
            for e in extraction.events
        ],
        "statements": [_statement(s) for s in extraction.statements],
    }


def _statement(s: StatementRecord) -> dict[str, Any]:
    out = {
        k: v for k, v in _record(s).items() if k not in ("speaker_start", "speaker_end", "event_id")
    }
    has_span = s.speaker_start is not None and s.speaker_end is not None
    out["speaker_span"] = {"start": s.speaker_start, "end": s.speaker_end} if has_span else None
    out["event_id"] = s.event_id
    return out
