"""The next page's link is written without Starlette's URL round trips (app.api.next_url); it
must be the string Starlette's `include_query_params` gives, for ordinary and odd requests."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.datastructures import URL

from app.api.next_url import with_cursor


def _starlette(scope: dict[str, Any], cursor: str) -> str:
    target = URL(scope=scope).include_query_params(cursor=cursor)
    return target.path + (f"?{target.query}" if target.query else "")


def _scope(path: str, query: bytes, host: bytes | None = b"example.org") -> dict[str, Any]:
    headers = [(b"host", host)] if host is not None else []
    return {
        "type": "http",
        "scheme": "http",
        "path": path,
        "query_string": query,
        "headers": headers,
        "server": None,
    }


PATHS = [
    "/events",
    "/actors/12/events",
    "/places/3/events",
    "/events/",
    "/ev%20ents",
    "/événements",
    "/a b",
    "/a?b",
    "/a#b",
    "/a\\b",
    "/a\tb",
    "//events",
    "/a;b=c/d",
]
QUERIES = [
    b"",
    b"actor=Hamas&limit=50",
    b"actor=Hamas&cursor=abc&limit=50",
    b"cursor=a&actor=Hamas&cursor=b",
    b"actor=Ham%C3%A1s&q=a+b&q=c%20d",
    b"actor=&type=ASSAULT",
    b"flag&x=1",
    b"a=1;b=2",
    b"a=%zz&b=%",
    b"a=1#frag",
    b"a=1\t2",
    b"q=caf%C3%A9&q=%E2%80%A8",
    b"dyad=Fatah,Hamas&bbox=0,0,20,20",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("host", [b"example.org", None])
def test_same_link_as_starlette(path: str, query: bytes, host: bytes | None) -> None:
    scope = _scope(path, query, host)
    cursor = "eyJzIjoiLWRhdGUiLCJrIjpbIjIwMjQtMDEtMDEiLDEyXX0"
    assert with_cursor(scope, cursor) == _starlette(scope, cursor)
