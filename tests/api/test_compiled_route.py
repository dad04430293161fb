"""The list endpoints' compiled request path answers exactly as FastAPI's own handler would,
and leaves the parameters' documentation as it was."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI, Query, routing
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy.orm import Session

from app.api.compiled_route import CompiledRoute, compile_plan
from tests.api.seeded import seed_events, seed_more

DATA = Path(__file__).parent / "data"

# Valid and invalid requests alike: every kind of parameter, repeated values, defaults, FastAPI's
# own 422s (type, bound, enum) and the endpoint's (names, dates, cursors, unknown parameters).
REQUESTS = [
    "/events",
    "/events?limit=2",
    "/events?limit=1&count=true",
    "/events?actor=Hamas&limit=50",
    "/events?actor=Hamas,Egypt&actor_role=source",
    "/events?actor=Hamas&actor=Egypt&type=consult&type=ASSAULT",
    "/events?date_from=2017-09&date_to=2017&sort=date",
    "/events?country=EGY&radius_km=10&negated=false",
    "/events?min_confidence=0.5&quad=1,4&cameo=0",
    "/events?format=csv",
    "/events?actor=&type=",
    "/events?limit=0",
    "/events?limit=abc",
    "/events?limit=100000",
    "/events?radius_km=-1",
    "/events?sort=upwards",
    "/events?negated=perhaps",
    "/events?format=xml",
    "/events?type=PARADE",
    "/events?actor=Nobody%20At%20All",
    "/events?date_from=2018-01-01&date_to=2017-01-01",
    "/events?cursor=not-a-cursor",
    "/events?actors=Hamas",
    "/events?article=0",
    # The other lists served the same way (ids restart at 1 in every test).
    "/actors/1/events?limit=1",
    "/actors/1/events?actor_role=target&format=ndjson",
    "/actors/999/events",
    "/actors/one/events",
    "/actors/0/events",
    "/places/1/events?type=CONSULT",
    "/places/999/events",
    "/statements",
    "/statements?speaker=Fatah&limit=1&count=true",
    "/statements?date_from=2017-13-01",
    "/statements?kind=rumour",
    "/statements?format=geojson",
]


def _answer(client: TestClient, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    resp = client.get(path, headers=headers)
    kept = {k: v for k, v in resp.headers.items() if k != "x-request-id"}
    return resp.status_code, kept, resp.content


def _stock_only() -> None:
    """Never called: any dependency override sends requests to FastAPI's own handler."""


@pytest.mark.parametrize("path", REQUESTS)
def test_the_compiled_path_answers_as_fastapi_does(
    client: TestClient, session: Session, path: str
) -> None:
    seed_events(session)
    seed_more(session)
    session.commit()
    fast = _answer(client, path)
    as_csv = _answer(client, path, Accept="text/csv", **{"API-Version": "1"})
    client.app.dependency_overrides[_stock_only] = _stock_only  # type: ignore[attr-defined]
    try:
        assert _answer(client, path) == fast
        assert _answer(client, path, Accept="text/csv", **{"API-Version": "1"}) == as_csv
    finally:
        client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


def test_a_wrong_api_version_is_the_same_problem(client: TestClient, db: Any) -> None:
    fast = _answer(client, "/events", **{"API-Version": "7"})
    assert fast[0] == 422
    client.app.dependency_overrides[_stock_only] = _stock_only  # type: ignore[attr-defined]
    try:
        assert _answer(client, "/events", **{"API-Version": "7"}) == fast
    finally:
        client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "path", ["/events?actor=Hamas&limit=1", "/actors/1/events?limit=1", "/statements?limit=1"]
)
def test_valid_pages_do_not_go_through_fastapis_solver(
    client: TestClient, session: Session, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """The plan covers the lists: FastAPI's per-request solver is not needed for a valid page
    (and is still there for an invalid one)."""
    seed_events(session)
    seed_more(session)
    session.commit()

    async def refuse(**_: Any) -> Any:
        raise AssertionError("FastAPI's solver was used")

    monkeypatch.setattr(routing, "solve_dependencies", refuse)
    resp = client.get(path)
    assert resp.status_code == 200
    assert len(resp.json()["items"]) == 1
    with pytest.raises(AssertionError, match="solver was used"):
        client.get(path.replace("limit=1", "limit=0"))


def test_a_yield_dependency_leaves_the_route_to_fastapi() -> None:
    """What the plan cannot do itself (a generator dependency here) is FastAPI's to solve."""
    from fastapi import Depends
    from fastapi.dependencies.utils import get_dependant

    async def opened() -> Any:
        yield 1

    async def uses(value: int = Depends(opened)) -> None:
        return None

    async def plain(limit: int = 5) -> None:
        return None

    assert compile_plan(get_dependant(path="/x", call=uses)) is None
    assert compile_plan(get_dependant(path="/x", call=plain)) is not None


def test_events_parameters_are_documented_as_before(client: TestClient) -> None:
    """The /events parameters in the OpenAPI document, as they were before the route was
    compiled (tests/api/data/events_parameters.json): the plan reads the same definitions."""
    doc = client.get("/openapi.json").json()
    expected = json.loads((DATA / "events_parameters.json").read_text())
    assert doc["paths"]["/events"]["get"]["parameters"] == expected


class _Filters(BaseModel):
    a: int = 1


def _small_app(route_class: type[APIRoute]) -> FastAPI:
    """Two routes with parameters FastAPI fills in per request (module level: the
    annotations are resolved against this module's names)."""
    router = APIRouter(route_class=route_class)

    @router.get("/tags")
    async def tags(tags: Annotated[list[str] | None, Query(default_factory=list)]) -> JSONResponse:
        return JSONResponse({"tags": tags})

    @router.get("/model")
    async def model(f: Annotated[_Filters, Query()]) -> JSONResponse:
        return JSONResponse({"a": f.a})

    app = FastAPI()
    app.include_router(router)
    return app


def test_what_fastapi_fills_in_per_request_is_left_to_it() -> None:
    """A default_factory (called per request) and a model read field by field answer as on
    FastAPI's path: the plan must not pass the factory's placeholder or the model's defaults."""
    urls = ["/tags", "/tags?tags=x&tags=y", "/model?a=5", "/model", "/model?a=x"]
    with (
        TestClient(_small_app(CompiledRoute)) as compiled,
        TestClient(_small_app(APIRoute)) as stock,
    ):
        answers = [(u, compiled.get(u).json()) for u in urls]
        assert answers == [(u, stock.get(u).json()) for u in urls]
    assert dict(answers)["/model?a=5"] == {"a": 5}


def test_every_compiled_list_keeps_the_apps_authorisation(db: Any) -> None:
    """The plan is made from the dependant with the app's own dependencies: a locked app
    refuses an anonymous page on every compiled route, as on FastAPI's path."""
    from app.api import actors, events, places, statements
    from app.config import get_settings
    from app.main import create_app

    locked = create_app(get_settings().model_copy(update={"require_read_key": True}))
    compiled = [
        r.path
        for module in (actors, events, places, statements)
        for r in module.router.routes
        if isinstance(r, CompiledRoute) and "GET" in r.methods
    ]
    assert "/events" in compiled and "/statements" in compiled
    with TestClient(locked) as anonymous:
        for path in compiled:
            assert anonymous.get(re.sub(r"\{[a-z_]+\}", "1", path)).status_code == 401, path


def test_each_route_is_planned_once(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A route's plan is made when FastAPI first builds its handler, never again per request
    (planning every request would cost more than FastAPI's own solver)."""
    from app.api import compiled_route
    from app.main import create_app

    made: list[object] = []
    real = compiled_route.compile_plan

    def counting(dependant: Any, *, endpoint: bool = True) -> Any:
        if endpoint:
            made.append(dependant.call)
        return real(dependant, endpoint=endpoint)

    monkeypatch.setattr(compiled_route, "compile_plan", counting)
    with TestClient(create_app()) as fresh:
        assert fresh.get("/events", params={"limit": 1}).status_code == 200
        built = len(made)
        assert built > 0
        for _ in range(3):
            assert fresh.get("/events", params={"limit": 1}).status_code == 200
        assert len(made) == built
