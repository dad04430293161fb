"""The JSON of an events page written straight from its rows, without building EventOut models.

A page of 50 events was about 400 small Pydantic models (event, spans, place, participants,
actors) built only to be serialised; plain dicts in EventOut's field order, serialised by the
same pydantic-core serialiser, give the same bytes in well under half the CPU. EventOut stays
the documented response model, and tests/api/test_event_json.py holds the two to the same
bytes: a field added to EventOut and not here fails it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from pydantic_core import to_json

from app.query.events import participant_rows

# The row columns `_event` reads, in the order it unpacks them.
_COLUMNS = (
    "id",
    "article_id",
    "sentence_index",
    "start",
    "end",
    "sentence_text",
    "trigger",
    "trigger_start",
    "trigger_end",
    "plover_type",
    "cameo_code",
    "quad_class",
    "goldstein",
    "event_date",
    "date_precision",
    "date_source",
    "place_id",
    "place_name",
    "place_kind",
    "place_country",
    "place_lat",
    "place_lon",
    "place_geonames_id",
    "place_parent_id",
    "place_source",
    "negated",
    "hypothetical",
    "confidence",
    "parts",
    "statement_id",
)


def _event(
    values: tuple[Any, ...], places: dict[int, Any], parts_seen: dict[tuple[str, int], Any]
) -> dict[str, Any]:
    """One event (`_COLUMNS` of a row of `app.query.events.page`, which carries its details)
    as EventOut's JSON object. Vocabulary columns are stored as their enums' values, so they
    serialise as the enums would.

    `places` (by id) and `parts_seen` (by role and actor id) hold the objects already made for
    this page, and an event at the same place or with the same participant shares them: the
    rows come from one statement, so one id has one set of values, and the serialiser writes a
    shared object at each place it appears, the same bytes as separate copies."""
    (
        id_,
        article_id,
        sentence_index,
        start,
        end,
        sentence_text,
        trigger,
        trigger_start,
        trigger_end,
        plover_type,
        cameo_code,
        quad_class,
        goldstein,
        event_date,
        date_precision,
        date_source,
        place_id,
        place_name,
        place_kind,
        place_country,
        place_lat,
        place_lon,
        place_geonames_id,
        place_parent_id,
        place_source,
        negated,
        hypothetical,
        confidence,
        parts,
        statement_id,
    ) = values
    place = None
    if place_id is not None:
        place = places.get(place_id)
        if place is None:
            place = places[place_id] = {
                "id": place_id,
                "name": place_name,
                "kind": place_kind,
                "country": place_country,
                "lat": place_lat,
                "lon": place_lon,
                "geonames_id": place_geonames_id,
                "parent_id": place_parent_id,
            }
    participants = []
    for role, actor_id, name, kind, country, code, _ in participant_rows(parts):
        participant = parts_seen.get((role, actor_id))
        if participant is None:
            participant = parts_seen[role, actor_id] = {
                "role": role,
                "actor": {
                    "id": actor_id,
                    "name": name,
                    "kind": kind,
                    "country": country,
                    "code": code,
                },
            }
        participants.append(participant)
    return {
        "id": id_,
        "article_id": article_id,
        "sentence_index": sentence_index,
        "span": {"start": start, "end": end},
        "sentence": sentence_text,
        "trigger": trigger,
        "trigger_span": {"start": trigger_start, "end": trigger_end},
        "type": plover_type,
        "cameo": cameo_code,
        "quad_class": quad_class,
        "goldstein": goldstein,
        "date": event_date,
        "date_precision": date_precision,
        "date_source": date_source,
        "place": place,
        "place_source": place_source if place is not None else None,
        "negated": negated,
        "hypothetical": hypothetical,
        "confidence": confidence,
        "participants": participants,
        "statement_id": statement_id,
    }


@functools.cache
def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The getter of `_COLUMNS` by position for rows with these field names (the same for every
    page of one statement, so it is built once)."""
    return itemgetter(*(names.index(c) for c in _COLUMNS))


def page(rows: Sequence[Any], *, next: str | None, total: int | None) -> bytes:
    """The bytes of `Page[EventOut]` for `rows` (see `_event`). The columns are taken by
    position, found once per row shape: reading 30 of them by name on every row was most of the
    time spent here."""
    items: list[dict[str, Any]] = []
    if rows:
        names = rows[0]._fields
        columns = _getter(names)
        places: dict[int, Any] = {}
        parts_seen: dict[tuple[str, int], Any] = {}
        items = [_event(columns(r), places, parts_seen) for r in rows]
    return to_json({"items": items, "next": next, "total": total})
