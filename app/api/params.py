"""Query parameters shared by several routers: paging, ids, page size of rankings,
versioning and the next-page link. The event filter is in app.api.event_filter_params (its
values read by app.api.filter_values), formats and `Accept` in app.api.negotiation.

Every parameter carries a description and an example, so the OpenAPI document explains the
API on its own. The dependencies only parse, so they are `async def` (no worker-thread hop per
dependency; see app.api.settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from annotated_types import Ge, Le
from fastapi import Depends, Header, Query, Request, Response

from app.api.http_cache import API_MAJOR
from app.api.next_url import with_cursor
from app.api.settings import SettingsDep, request_settings
from app.config import Settings
from app.errors import InvalidParameter
from app.ids import MAX_ID

# Every id in a path or query: 1 to MAX_ID (app.ids); a larger number is a 422, never a 500.
Id = Annotated[int, Ge(1), Le(MAX_ID)]


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
