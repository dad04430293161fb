"""The settings an app serves with, bound to it by `create_app` and read from the request, not
from the process-wide default: two apps in one process (tests, tools) can differ.

Dependencies that do no I/O are `async def` here and in app.api.params: FastAPI runs every plain
`def` dependency on a worker thread, and those hops (one per dependency, per request) were a
measurable part of a list page's CPU time (docs/scaling.md, "List pages")."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from app.config import Settings, get_settings


def bind_settings(app: Any, settings: Settings) -> None:
    app.state.settings = settings


def settings_of(app: Any) -> Settings:
    """The settings bound to `app` (the process default for an app made without `create_app`)."""
    bound: Settings | None = getattr(app.state, "settings", None)
    return bound if bound is not None else get_settings()


def request_settings(request: Request) -> Settings:
    return settings_of(request.app)


async def _settings_dep(request: Request) -> Settings:
    return settings_of(request.app)


SettingsDep = Annotated[Settings, Depends(_settings_dep)]
