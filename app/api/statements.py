from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from app.api.params import PagingDep, _split, next_link
from app.db import SessionDep
from app.query import statements as q
from app.schemas.common import Page
from app.schemas.statement import StatementOut

router = APIRouter(tags=["statements"])


@router.get("/statements", response_model=Page[StatementOut], summary="Quotes and reported speech, newest first")
def list_statements(
    request: Request,
    response: Response,
    session: SessionDep,
    paging: PagingDep,
    speaker: Annotated[list[str] | None, Query(description="Speaker id, name or alias; repeat or comma-separate.", examples=[["Hamas"]])] = None,
    date_from: Annotated[dt.date | None, Query(description="Earliest date (inclusive).", examples=["2017-09-01"])] = None,
    date_to: Annotated[dt.date | None, Query(description="Latest date (inclusive).", examples=["2017-09-30"])] = None,
    kind: Annotated[Literal["direct", "indirect"] | None, Query(description="Direct quote or reported speech.", examples=["direct"])] = None,
    article: Annotated[int | None, Query(ge=1, description="Only statements from this article.", examples=[1])] = None,
) -> Page[StatementOut]:
    stmt = q.filtered(session, speaker=_split(speaker), date_from=date_from, date_to=date_to,
                      kind=kind, article=article)
    rows, cursor = q.page(session, stmt, limit=paging.limit, cursor=paging.cursor)
    return Page[StatementOut](items=q.to_out(session, rows), next=next_link(request, response, cursor))
