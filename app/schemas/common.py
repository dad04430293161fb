from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Span(BaseModel):
    start: int = Field(description="Character offset into the article text (inclusive).")
    end: int = Field(description="Character offset into the article text (exclusive).")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next: str | None = Field(None, description="URL of the next page, or null on the last page.")
    total: int | None = Field(None, description="Exact number of matches, when `count=true`.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    param: str | None = Field(None, description="The request parameter at fault, when one is.")
