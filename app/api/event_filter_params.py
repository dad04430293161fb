"""The event filter's query parameters: one `EventFilter` for `/events`, the other event
lists, the exports and every `/stats/*` endpoint, so a query means the same everywhere."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from app.api.date_params import date_bound, date_span
from app.api.filter_values import _cameo, _dyad, _lower, _members, _quad, _split
from app.api.params import Id
from app.errors import InvalidParameter
from app.query.event_filter import EventFilter
from app.query.geo import BBox, Near
from app.vocab import DatePrecision, EventSort, PloverType, Provenance, RoleFilter


async def get_aggregate_filter(
    actor: Annotated[
        list[str] | None,
        Query(
            description="Actor id, canonical name or alias (case- and accent-insensitive); repeat "
            "or comma-separate for any of several. A name that matches no actor is a 422.",
            examples=[["Hamas"]],
        ),
    ] = None,
    actor_role: Annotated[
        RoleFilter,
        Query(description="Role `actor` must play in the event.", examples=["source"]),
    ] = RoleFilter.ANY,
    source: Annotated[
        list[str] | None,
        Query(
            description="Source actor (id, name or alias); repeat or comma-separate for any of "
            "several.",
            examples=[["Egypt"]],
        ),
    ] = None,
    target: Annotated[
        list[str] | None,
        Query(
            description="Target actor (id, name or alias); repeat or comma-separate for any of "
            "several.",
            examples=[["Qatar"]],
        ),
    ] = None,
    dyad: Annotated[
        str | None,
        Query(
            max_length=600,
            description="Two actors `A,B`: events between them (A→B only with `directed=true`).",
            examples=["Fatah,Hamas"],
        ),
    ] = None,
    directed: Annotated[
        bool,
        Query(
            description="With `dyad`: only events with A as source and B as target.",
            examples=[True],
        ),
    ] = False,
    date_from: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Earliest event date (inclusive): a day, `YYYY-MM`, `YYYY` (its first "
            "day), an ISO 8601 datetime with offset, or epoch seconds or milliseconds (read as "
            "UTC).",
            examples=["2017-09-01"],
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Latest event date (inclusive); same forms as `date_from`, a month or year "
            "standing for its last day.",
            examples=["2017-09-30"],
        ),
    ] = None,
    date: Annotated[
        str | None,
        Query(
            max_length=40,
            description="One day, month or year (same forms as `date_from`): "
            "date_from and date_to at its first and last day.",
            examples=["2017-09-11"],
        ),
    ] = None,
    date_precision: Annotated[
        list[str] | None,
        Query(
            description="Only dates known to this precision: day, month or year; repeat or "
            "comma-separate. `day` leaves out events dated only by month or year.",
            examples=[["day"]],
        ),
    ] = None,
    place: Annotated[
        str | None,
        Query(
            max_length=300,
            description="Place id or name; a country or region includes the places inside it.",
            examples=["Cairo"],
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            max_length=100,
            description="Country of the event's place: ISO 3166-1 alpha-3 (or alpha-2) code or "
            "name.",
            examples=["PSE"],
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=200,
            description="`minLon,minLat,maxLon,maxLat` (WGS 84, edges inclusive; minLon > maxLon "
            "crosses the antimeridian).",
            examples=["34.2,31.2,34.6,31.6"],
        ),
    ] = None,
    near: Annotated[
        str | None,
        Query(
            max_length=100,
            description="`lat,lon`: events within `radius_km` (great-circle distance).",
            examples=["31.5,34.47"],
        ),
    ] = None,
    radius_km: Annotated[
        float, Query(gt=0, le=20000, description="Radius for `near`, in kilometres.", examples=[25])
    ] = 50.0,
    type_: Annotated[
        list[str] | None,
        Query(
            alias="type",
            description="PLOVER event type(s); repeat or comma-separate.",
            examples=[["ASSAULT", "COERCE"]],
        ),
    ] = None,
    cameo: Annotated[
        list[str] | None,
        Query(description="CAMEO code prefix(es): `19` matches 190, 193, 1951…", examples=[["19"]]),
    ] = None,
    quad: Annotated[
        list[str] | None,
        Query(
            description="Quad class(es): 1 verbal cooperation, 2 material cooperation, 3 verbal "
            "conflict, 4 material conflict.",
            examples=[["3", "4"]],
        ),
    ] = None,
    negated: Annotated[
        bool | None,
        Query(description="Only negated (true) or only affirmed (false) events.", examples=[False]),
    ] = None,
    hypothetical: Annotated[
        bool | None,
        Query(
            description="Only hypothetical/intended (true) or only actual (false) events.",
            examples=[False],
        ),
    ] = None,
    min_confidence: Annotated[
        float | None,
        Query(ge=0, le=1, description="Lowest extraction confidence, 0 to 1.", examples=[0.7]),
    ] = None,
    date_source: Annotated[
        list[str] | None,
        Query(
            description="Where the date came from: `text`, `context` or `article` (defaulted to "
            "the article's date); repeat or comma-separate.",
            examples=[["text", "context"]],
        ),
    ] = None,
    place_source: Annotated[
        list[str] | None,
        Query(
            description="Where the place came from: `text` (the event's sentence), `context` (the "
            "sentence before) or `article` (dateline or dominant place); repeat or comma-separate. "
            "`place_source=text,context` keeps only events placed by their own text.",
            examples=[["text", "context"]],
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Full-text search over the event's sentence: every word must occur; "
            '"quoted phrases" allowed.',
            examples=["ceasefire talks"],
        ),
    ] = None,
    article: Annotated[
        Id | None,
        Query(description="Only events from this article id.", examples=[1]),
    ] = None,
) -> EventFilter:
    start, end = (
        date_bound(date_from, "date_from", upper=False),
        date_bound(date_to, "date_to", upper=True),
    )
    if date is not None:
        first, last = date_span(date, "date")
        if (start and start != first) or (end and end != last):
            raise InvalidParameter(
                "date cannot be combined with a different date_from/date_to", param="date"
            )
        start, end = first, last
    if start and end and start > end:
        raise InvalidParameter("date_from is after date_to", param="date_from")
    return EventFilter(
        actor=_split(actor),
        actor_role=actor_role,
        source=_split(source),
        target=_split(target),
        dyad=_dyad(dyad),
        directed=directed,
        date_from=start,
        date_to=end,
        date_precision=_members(_lower(date_precision), DatePrecision, "date_precision"),
        place=place,
        country=country,
        bbox=BBox.parse(bbox) if bbox is not None else None,
        near=Near.parse(near, radius_km) if near is not None else None,
        types=_members(
            [v.upper() for v in type_ or []],
            PloverType,
            "type",
            refused="is not a PLOVER type ({})",
        ),
        cameo=_cameo(cameo),
        quad=_quad(quad),
        negated=negated,
        hypothetical=hypothetical,
        min_confidence=min_confidence,
        date_source=_members(_lower(date_source), Provenance, "date_source"),
        place_source=_members(_lower(place_source), Provenance, "place_source"),
        q=q,
        article=article,
    )


AggregateFilterDep = Annotated[EventFilter, Depends(get_aggregate_filter)]


async def get_event_filter(
    f: AggregateFilterDep,
    sort: Annotated[
        EventSort,
        Query(
            description="Order; ties broken by id in the same direction. `-` = descending.",
            examples=["-date"],
        ),
    ] = EventSort.DATE_DESC,
) -> EventFilter:
    # The filter is this request's own and nothing changes it in place (copies are made with
    # `but`), so the default sort needs no copy.
    return f if f.sort == sort else f.but(sort=sort)


EventFilterDep = Annotated[EventFilter, Depends(get_event_filter)]
