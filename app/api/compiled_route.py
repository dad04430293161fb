"""A route class for the list endpoints: their parameters read with a plan made once per route.

FastAPI solves a route's dependencies afresh on every request: for each of the ~30 query
parameters of `/events` it re-derives from the annotation whether the parameter is a list, looks
up its aliases and copies its default, then walks the dependency tree with a cache key per node.
That was ~0.6 ms of a page's ~4 ms of server CPU (docs/scaling.md, "A request path for list
pages"). `CompiledRoute` makes those decisions once, from the same `Dependant` FastAPI built
from the signatures (so the parameters keep one definition, and the OpenAPI document, generated
from the route's `dependant`, is unchanged), and on each request only looks values up and
validates the ones sent, with the same pydantic validators FastAPI uses.

The plan handles what the list endpoints use: query, header and path parameters, `Request` and
`Response`, and `async def` dependencies. A route that needs more (bodies, generator or plain
`def` dependencies, security scopes, a response model to serialise) is served by FastAPI's own
handler, and so is every request the plan does not settle by itself: one with a missing or
invalid parameter (FastAPI then produces exactly its usual 422, rendered as problem+json by
app.api.problems) and any request while `dependency_overrides` are set. Values are all checked
before the first dependency runs, so handing a request over never runs a dependency twice.
FastAPI's optional OpenTelemetry spans for dependencies and the endpoint are not emitted on the
compiled path (Dyad installs no OpenTelemetry).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Coroutine, Mapping
from copy import deepcopy
from dataclasses import dataclass
from enum import Enum
from typing import Any

from fastapi import Request, Response
from fastapi import routing as fastapi_routing
from fastapi._compat import ModelField, field_annotation_is_sequence
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel, Json
from pydantic_core import PydanticUndefined
from starlette.concurrency import run_in_threadpool

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
_IMMUTABLE = (type(None), bool, int, float, str, bytes, Enum)
_SETTLED_BY_FASTAPI = object()  # a request the plan hands back to FastAPI's handler


@dataclass(frozen=True, slots=True)
class _Param:
    """One query, header or path parameter: where to read it and how to check it."""

    name: str
    key: str  # the name in the request
    field: ModelField
    many: bool  # read every repeated value (list parameters)
    default: Any
    copy_default: bool

    @classmethod
    def of(cls, field: ModelField, *, many_allowed: bool) -> _Param | None:
        info = field.field_info
        config = field.config or {}
        if (
            not isinstance(info.validation_alias, str | None)  # AliasPath, AliasChoices
            or config.get("validate_by_alias") is False
            or config.get("validate_by_name", config.get("populate_by_name", False))
            or any(type(m) is Json for m in info.metadata)
        ):
            return None
        many = field_annotation_is_sequence(info.annotation)
        if many and not many_allowed:
            return None
        if info.validate_default or _is_model(info.annotation):
            # Defaults are used as they are; a model-valued parameter is read field by field
            # by FastAPI, not under its own name.
            return None
        if not info.is_required() and info.default is PydanticUndefined:
            return None  # a default_factory: FastAPI calls it per request
        # A required parameter (every path parameter) has no default: its absence is FastAPI's
        # 422 to write.
        default = _SETTLED_BY_FASTAPI if info.is_required() else info.default
        key = getattr(field, "validation_alias", None) or field.alias
        copy = default is not _SETTLED_BY_FASTAPI and not isinstance(default, _IMMUTABLE)
        return cls(field.name, key, field, many, default, copy)

    def read(self, sent: Any, loc: str) -> Any:
        """The parameter's value from `sent` (a multi-dict), or _SETTLED_BY_FASTAPI."""
        # Most parameters are absent from a request: `in` finds that without the KeyError
        # that Starlette's `get` raises and catches inside, a third of reading them.
        if self.key not in sent:
            return deepcopy(self.default) if self.copy_default else self.default
        raw = sent.getlist(self.key) if self.many else sent.get(self.key)
        if raw is None or (self.many and not raw):
            return deepcopy(self.default) if self.copy_default else self.default
        value, errors = self.field.validate(raw, {}, loc=(loc, self.key))
        return _SETTLED_BY_FASTAPI if errors else value


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one dependant needs, in FastAPI's order: its dependencies, then its parameters."""

    call: Callable[..., Any]
    name: str | None
    cached: bool
    dependencies: tuple[_Plan, ...]
    request_names: tuple[str, ...]  # `Request` and `HTTPConnection` parameters
    response_name: str | None
    # The non-empty groups of path, query and header parameters: (source index, params, loc).
    groups: tuple[tuple[int, tuple[_Param, ...], str], ...]

    def check(self, request: Request, out: dict[int, dict[str, Any]]) -> bool:
        """Read and validate every parameter of this plan and its dependencies into `out` (by
        plan); False as soon as one is missing or invalid."""
        # Looked up once per request, not once per dependency (most have no parameters).
        return self._check((request.path_params, request.query_params, request.headers), out)

    def _check(self, sources: tuple[Any, ...], out: dict[int, dict[str, Any]]) -> bool:
        values: dict[str, Any] = {}
        for source, params, loc in self.groups:
            sent = sources[source]
            for p in params:
                value = p.read(sent, loc)
                if value is _SETTLED_BY_FASTAPI:
                    return False
                values[p.name] = value
        out[id(self)] = values
        return all(dependency._check(sources, out) for dependency in self.dependencies)

    async def solve(
        self,
        request: Request,
        response: Response,
        checked: dict[int, dict[str, Any]],
        cache: dict[Callable[..., Any], Any],
    ) -> dict[str, Any]:
        """The keyword arguments of this plan's call, running its dependencies (each call once
        per request unless it opted out of the cache, as FastAPI does)."""
        values: dict[str, Any] = {}
        for dep in self.dependencies:
            if dep.cached and dep.call in cache:
                solved = cache[dep.call]
            else:
                solved = await dep.call(**await dep.solve(request, response, checked, cache))
                cache.setdefault(dep.call, solved)
            if dep.name is not None:
                values[dep.name] = solved
        values.update(checked[id(self)])
        for name in self.request_names:
            values[name] = request
        if self.response_name:
            values[self.response_name] = response
        return values


def _is_async(call: Any) -> bool:
    if inspect.isclass(call):
        return False
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
        getattr(call, "__call__", None)  # noqa: B004 - security schemes are async callables
    )


def compile_plan(dependant: Dependant, *, endpoint: bool = True) -> _Plan | None:
    """The plan for `dependant`, or None when it needs something only FastAPI's handler does."""
    if (
        dependant.call is None
        or dependant.cookie_params
        or dependant.body_params
        or dependant.websocket_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or dependant.own_oauth_scopes
        or dependant.concurrency is not None
        or (not endpoint and not _is_async(dependant.call))
    ):
        return None
    dependencies = []
    for sub in dependant.dependencies:
        plan = compile_plan(sub, endpoint=False)
        if plan is None:
            return None
        dependencies.append(plan)
    path = _params(dependant.path_params, many_allowed=False)
    query = _params(dependant.query_params, many_allowed=True)
    headers = _params(dependant.header_params, many_allowed=False)
    if path is None or query is None or headers is None:
        return None
    return _Plan(
        dependant.call,
        dependant.name,
        dependant.use_cache,
        tuple(dependencies),
        tuple(
            n
            for n in (dependant.http_connection_param_name, dependant.request_param_name)
            if n is not None
        ),
        dependant.response_param_name,
        tuple(
            (source, params, loc)
            for source, (params, loc) in enumerate(
                ((path, "path"), (query, "query"), (headers, "header"))
            )
            if params
        ),
    )


def _params(fields: list[ModelField], *, many_allowed: bool) -> tuple[_Param, ...] | None:
    read = [_Param.of(f, many_allowed=many_allowed) for f in fields]
    return None if any(p is None for p in read) else tuple(p for p in read if p is not None)


def _is_model(annotation: Any) -> bool:
    """A pydantic model, alone or in a union (`Filters | None`)."""
    options = typing.get_args(annotation) or (annotation,)
    return any(inspect.isclass(a) and issubclass(a, BaseModel) for a in options)


def _returns_response(call: Callable[..., Any]) -> bool:
    try:
        returned = typing.get_type_hints(call).get("return")
    except (NameError, TypeError):
        return False
    return inspect.isclass(returned) and issubclass(returned, Response)


class CompiledRoute(APIRoute):
    """An APIRoute whose requests are solved by a plan made once (see the module docstring);
    anything the plan does not cover goes to FastAPI's handler, unchanged."""

    def get_route_handler(self) -> Handler:
        stock = super().get_route_handler()
        # The dependant the stock handler was built for: with the app's and router's
        # dependencies when FastAPI builds this route's handler for an inclusion.
        # Only that one: the route's own dependant lacks the app's dependencies (authorisation,
        # unknown-parameter checks), so without the context (another FastAPI version, a route
        # built outside an inclusion) FastAPI's handler serves, slower but complete.
        hook = getattr(fastapi_routing, "_effective_route_context_var", None)
        context = hook.get() if hook is not None else None
        if context is None or context.original_route is not self:
            return stock
        dependant: Dependant = context.dependant
        overrides = context.dependency_overrides_provider or self.dependency_overrides_provider
        plan = compile_plan(dependant)
        if plan is None or not _returns_response(self.endpoint):
            return stock
        return _handler(plan, stock, overrides)


def _handler(plan: _Plan, stock: Handler, overrides: Any) -> Handler:
    endpoint = plan.call
    is_async = _is_async(endpoint)

    async def handle(request: Request) -> Response:
        checked: dict[int, dict[str, Any]] = {}
        overridden: Mapping[Any, Any] = getattr(overrides, "dependency_overrides", None) or {}
        if overridden or not plan.check(request, checked):
            return await stock(request)
        # As FastAPI makes it: the endpoint sets headers on it and copies them to its answer.
        response = Response()
        del response.headers["content-length"]
        response.status_code = None  # type: ignore[assignment]
        values = await plan.solve(request, response, checked, {})
        if is_async:
            answer: Response = await endpoint(**values)
        else:
            answer = await run_in_threadpool(endpoint, **values)
        return answer

    return handle
