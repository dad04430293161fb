"""Query parameters shared by several routers: paging, the event filter, formats, versioning.

Every parameter carries a description and an example, so the OpenAPI document explains the
API on its own. The dependencies only parse, so they are `async def` (no worker-thread hop per
dependency; see app.api.settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal, TypeVar

from annotated_types import Ge, Le
from fastapi import Depends, Header, Query, Request, Response

from app.api.date_params import date_bound, date_span
from app.api.http_cache import API_MAJOR, NEGOTIATED
from app.api.next_url import with_cursor
from app.api.settings import SettingsDep, request_settings
from app.config import Settings
from app.errors import InvalidParameter
from app.ids import MAX_ID
from app.query.event_filter import EventFilter
from app.query.geo import BBox, Near
from app.vocab import DatePrecision, EventSort, PloverType, Provenance, QuadClass, RoleFilter

# Every id in a path or query: 1 to MAX_ID (app.ids); a larger number is a 422, never a 500.
Id = Annotated[int, Ge(1), Le(MAX_ID)]
E = TypeVar("E", bound=StrEnum)


@dataclass
class Paging:
    limit: int
    cursor: str | None
    count: bool = False


async def get_paging(
    settings: SettingsDep,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            description="Page size (default 50, at most the configured maximum, 500).",
            examples=[50],
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=512,
            description="Opaque cursor from the previous page's `next` link; only valid with the "
            "same `sort`.",
            examples=["eyJzIjoiLWRhdGUiLCJrIjpbIjIwMTctMDktMTEiLDQyXX0"],
        ),
    ] = None,
    count: Annotated[
        bool,
        Query(
            description="Also return `total`, the exact number of matches (costs one extra query).",
            examples=[True],
        ),
    ] = False,
) -> Paging:
    return _paging(settings, limit, cursor, count)


def _paging(settings: Settings, limit: int | None, cursor: str | None, count: bool) -> Paging:
    if limit is not None and limit > settings.max_page_size:
        raise InvalidParameter(f"limit must be at most {settings.max_page_size}", param="limit")
    return Paging(limit=limit or settings.page_size, cursor=cursor, count=count)


PagingDep = Annotated[Paging, Depends(get_paging)]


async def get_plain_paging(
    settings: SettingsDep,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            description="Page size (default 50, at most the configured maximum, 500).",
            examples=[50],
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=512,
            description="Opaque cursor from the previous page's `next` link.",
            examples=["eyJzIjoiLWRhdGUiLCJrIjpbIjIwMTctMDktMTEiLDQyXX0"],
        ),
    ] = None,
) -> Paging:
    """Paging for lists that do not count their matches (no `count` parameter offered)."""
    return _paging(settings, limit, cursor, count=False)


PlainPagingDep = Annotated[Paging, Depends(get_plain_paging)]


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return out


def _members(
    values: list[str], vocabulary: type[E], param: str, *, refused: str = "is not one of {}"
) -> list[E]:
    """The comma-separated or repeated values of `param`, each one of `vocabulary`'s (422 for
    any other; `refused` words the complaint, `{}` standing for the allowed values)."""
    out = []
    for v in _split(values):
        try:
            out.append(vocabulary(v))
        except ValueError:
            why = refused.format(", ".join(vocabulary))
            raise InvalidParameter(f"{param} {v!r} {why}", param=param) from None
    return out


def _lower(values: list[str] | None) -> list[str]:
    return [v.lower() for v in values or []]


def _cameo(values: list[str] | None) -> list[str]:
    out = _split(values)
    for v in out:
        if not (v.isdigit() and v.isascii() and len(v) <= 4):
            raise InvalidParameter(
                f"cameo {v!r} must be 1 to 4 digits (a CAMEO code prefix)", param="cameo"
            )
    return out


_QUADS = {str(q.value): q for q in QuadClass}


def _quad(values: list[str] | None) -> list[QuadClass]:
    out = _split(values)
    if any(v not in _QUADS for v in out):
        *first, last = _QUADS
        raise InvalidParameter(f"quad must be {', '.join(first)} or {last}", param="quad")
    return [_QUADS[v] for v in out]


def _dyad(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InvalidParameter("dyad must be two actors, A,B", param="dyad")
    return parts[0], parts[1]


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

Format = Literal["json", "csv", "geojson", "ndjson"]
StatsFormat = Literal["json", "csv", "ndjson"]
MEDIA_FORMATS: tuple[tuple[str, Format], ...] = (
    ("application/json", "json"),
    ("text/csv", "csv"),
    ("application/geo+json", "geojson"),
    ("application/x-ndjson", "ndjson"),
    ("application/ndjson", "ndjson"),
)


def _accept(header: str) -> list[tuple[str, float]]:
    """(media range, q) pairs of an Accept header, in the order sent."""
    out: list[tuple[str, float]] = []
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            out.append((media.lower(), q))
    return out


def negotiate(header: str, offered: tuple[Format, ...]) -> Format:
    """The offered format the client's Accept header ranks highest (q-values honoured; among
    equals the more specific range, then the server's order). JSON when nothing offered fits.

    Clients send few distinct Accept headers, so the answer for a short one is remembered
    (parsing the header for each format was ~10 µs of every list request)."""
    if len(header) <= _REMEMBERED_ACCEPT:
        return _negotiate_remembered(header, offered)
    return _negotiate(header, offered)


_REMEMBERED_ACCEPT = 200  # characters: the cache below holds at most 512 of these


@lru_cache(maxsize=512)
def _negotiate_remembered(header: str, offered: tuple[Format, ...]) -> Format:
    return _negotiate(header, offered)


def _negotiate(header: str, offered: tuple[Format, ...]) -> Format:
    best: tuple[float, int, int] | None = None
    chosen: Format = "json"
    for media, name in MEDIA_FORMATS:
        if name not in offered:
            continue
        kind = media.split("/")[0]
        for pattern, q in _accept(header):
            if pattern == media:
                spec = 2
            elif pattern == f"{kind}/*":
                spec = 1
            elif pattern == "*/*":
                spec = 0
            else:
                continue
            key = (q, spec, -offered.index(name))
            if q > 0 and (best is None or key > best):
                best, chosen = key, name
            break
    return chosen


def accepted(request: Request, offered: tuple[Format, ...]) -> Format:
    """The format `Accept` asks for among `offered`; the answer now depends on Accept, so
    caches are told to key on it (Vary)."""
    setattr(request.state, NEGOTIATED, True)
    return negotiate(request.headers.get("accept", ""), offered)


async def get_format(
    request: Request,
    format: Annotated[
        Format | None,
        Query(
            description="Response format; overrides `Accept`. csv, geojson and ndjson stream every "
            "match (no paging, no cap).",
            examples=["csv"],
        ),
    ] = None,
) -> Format:
    if format is not None:
        return format
    return accepted(request, ("json", "csv", "geojson", "ndjson"))


async def get_stats_format(
    request: Request,
    format: Annotated[
        StatsFormat | None,
        Query(
            description="json (default), or flat rows as csv or ndjson; overrides `Accept`.",
            examples=["csv"],
        ),
    ] = None,
) -> StatsFormat:
    if format is not None:
        return format
    chosen = accepted(request, ("json", "csv", "ndjson"))
    return "json" if chosen == "geojson" else chosen  # never geojson: it is not offered


StatsFormatDep = Annotated[StatsFormat, Depends(get_stats_format)]
FormatDep = Annotated[Format, Depends(get_format)]


async def get_top(
    top: Annotated[
        int,
        Query(
            ge=1,
            le=500,
            description="How many rows to return, largest counts first.",
            examples=[20],
        ),
    ] = 20,
) -> int:
    return top


TopDep = Annotated[int, Depends(get_top)]


async def check_api_version(
    api_version: Annotated[
        str | None,
        Header(
            alias="API-Version",
            description="Major API version the client was written for; only `1` exists. Every "
            "response carries `API-Version`.",
            examples=["1"],
        ),
    ] = None,
) -> None:
    if api_version is not None and api_version.strip() not in (API_MAJOR, f"v{API_MAJOR}"):
        raise InvalidParameter(
            f"API-Version {api_version!r} is not served; this server speaks version {API_MAJOR}",
            param="API-Version",
        )


VersionDep = Depends(check_api_version)


def next_link(request: Request, response: Response, cursor: str | None) -> str | None:
    """URL of the next page with the same query and the new cursor; also sets RFC 8288 Link.

    Relative (path and query) unless DYAD_PUBLIC_BASE_URL is set: the client's Host header is
    never echoed into a cacheable response, where a forged Host would poison a shared cache.
    """
    if cursor is None:
        return None
    url = request_settings(request).public_base_url.rstrip("/") + with_cursor(request.scope, cursor)
    response.headers["Link"] = f'<{url}>; rel="next"'
    return url
