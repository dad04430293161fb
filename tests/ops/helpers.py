"""Run the app under other settings for one test, then restore the defaults."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.config import get_settings
from app.db import get_sessionmaker
from app.security.keys import create_key


@contextmanager
def settings(monkeypatch: pytest.MonkeyPatch, **values: object) -> Iterator[None]:
    for name, value in values.items():
        monkeypatch.setenv(f"DYAD_{name.upper()}", str(value))
    get_settings.cache_clear()
    try:
        yield
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


@contextmanager
def app_client(monkeypatch: pytest.MonkeyPatch, **values: object) -> Iterator[TestClient]:
    """A TestClient on an app built under `values` (middleware reads settings at build time)."""
    from app.main import create_app

    with settings(monkeypatch, **values), TestClient(create_app()) as client:
        yield client


def new_key(scope: str, name: str = "test") -> str:
    with get_sessionmaker().begin() as session:
        return create_key(session, name, scope).key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


KeyMaker = Callable[[str], str]
__all__ = ["Session", "app_client", "bearer", "new_key", "settings"]
