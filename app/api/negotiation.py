"""Response formats: the `format` parameter and `Accept` negotiation (json, csv, geojson,
ndjson for lists; no geojson for the stats)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from app.api.http_cache import NEGOTIATED

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
