"""Parameters shared by several routers: paging and the event filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request, Response

from app.config import get_settings
from app.errors import InvalidParameter
from app.query.events import EventFilter


@dataclass
class Paging:
    limit: int
    cursor: str | None


def get_paging(
    limit: Annotated[int | None, Query(ge=1, description="Page size (default 50, at most the configured maximum, 500).", examples=[50])] = None,
    cursor: Annotated[str | None, Query(max_length=512, description="Opaque cursor from the previous page's `next` link.", examples=[None])] = None,
) -> Paging:
    settings = get_settings()
    if limit is not None and limit > settings.max_page_size:
        raise InvalidParameter(f"limit must be at most {settings.max_page_size}", param="limit")
    return Paging(limit=limit or settings.page_size, cursor=cursor)


PagingDep = Annotated[Paging, Depends(get_paging)]


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(part.strip() for part in v.split(",") if part.strip())
    return out


def get_event_filter(
    actor: Annotated[list[str] | None, Query(description="Actor id, canonical name or alias; repeat or comma-separate for any of several.", examples=[["Hamas"]])] = None,
    date_from: Annotated[dt.date | None, Query(description="Earliest event date (inclusive, ISO 8601).", examples=["2017-09-01"])] = None,
    date_to: Annotated[dt.date | None, Query(description="Latest event date (inclusive, ISO 8601).", examples=["2017-09-30"])] = None,
    place: Annotated[str | None, Query(max_length=300, description="Place id or name; a country or region includes the places inside it.", examples=["Cairo"])] = None,
    country: Annotated[str | None, Query(min_length=3, max_length=3, pattern="^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3 code of the event's place.", examples=["EGY"])] = None,
    article: Annotated[int | None, Query(ge=1, description="Only events from this article id.", examples=[1])] = None,
) -> EventFilter:
    f = EventFilter(actor=_split(actor), date_from=date_from, date_to=date_to,
                    place=place, country=country, article=article)
    if date_from and date_to and date_from > date_to:
        raise InvalidParameter("date_from is after date_to", param="date_from")
    return f


EventFilterDep = Annotated[EventFilter, Depends(get_event_filter)]


def next_link(request: Request, response: Response, cursor: str | None) -> str | None:
    """URL of the next page with the same query and the new cursor; also sets RFC 8288 Link."""
    if cursor is None:
        return None
    url = str(request.url.include_query_params(cursor=cursor))
    response.headers["Link"] = f'<{url}>; rel="next"'
    return url
