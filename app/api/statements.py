"""GET /statements: quotes and reported speech."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api import exports, formats
from app.api.compiled_route import CompiledRoute
from app.api.deps import DatabaseDep
from app.api.filter_values import _split
from app.api.negotiation import FormatDep
from app.api.params import Id, PagingDep, VersionDep, next_link
from app.errors import InvalidParameter
from app.query import statements as q
from app.schemas import examples
from app.schemas.common import Page
from app.schemas.statement import StatementOut
from app.vocab import StatementKind

router = APIRouter(tags=["statements"], dependencies=[VersionDep], route_class=CompiledRoute)


@router.get(
    "/statements",
    response_model=Page[StatementOut],
    summary="Quotes and reported speech, newest first",
    description="JSON is paged with keyset cursors; `format=csv|ndjson` (or the matching `Accept`) "
    "streams every match instead, newest first. Statements have no geometry: `geojson` is a 422.",
    responses=examples.statements_responses(),
)
def list_statements(
    request: Request,
    response: Response,
    database: DatabaseDep,
    paging: PagingDep,
    fmt: FormatDep,
    speaker: Annotated[
        list[str] | None,
        Query(
            description="Speaker id, name or alias; repeat or comma-separate for any of several.",
            examples=[["Hamas"]],
        ),
    ] = None,
    about: Annotated[
        list[str] | None,
        Query(
            description="Actor named inside the statement's text (id, name or alias); repeat or "
            "comma-separate.",
            examples=[["Fatah"]],
        ),
    ] = None,
    date_from: Annotated[
        dt.date | None,
        Query(description="Earliest date (inclusive, ISO 8601).", examples=["2017-09-01"]),
    ] = None,
    date_to: Annotated[
        dt.date | None,
        Query(description="Latest date (inclusive, ISO 8601).", examples=["2017-09-30"]),
    ] = None,
    q_: Annotated[
        str | None,
        Query(
            alias="q",
            max_length=500,
            description='Full-text search over the statement: every word must occur; "quoted '
            'phrases" allowed.',
            examples=["ready to sign"],
        ),
    ] = None,
    kind: Annotated[
        StatementKind | None,
        Query(description="Direct quote or reported speech.", examples=["direct"]),
    ] = None,
    article: Annotated[
        Id | None,
        Query(description="Only statements from this article.", examples=[1]),
    ] = None,
) -> Response:
    if fmt == "geojson":
        raise InvalidParameter("statements have no geometry; use csv or ndjson", param="format")
    with database.read() as session:
        stmt = q.filtered(
            session,
            speaker=_split(speaker),
            about=_split(about),
            q=q_,
            date_from=date_from,
            date_to=date_to,
            kind=kind,
            article=article,
        )
        if fmt != "json":
            return exports.export_statements(
                request, q.ordered(q.after_cursor(stmt, paging.cursor)), fmt
            )
        rows, cursor = q.page(session, stmt, limit=paging.limit, cursor=paging.cursor)
        total = q.count(session, stmt) if paging.count else None
        page = Page[StatementOut](
            items=q.to_out(session, rows), next=next_link(request, response, cursor), total=total
        )
        return formats.json_body(page, response)
