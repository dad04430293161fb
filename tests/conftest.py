"""Test database set-up: a fresh database per session, emptied after every test.

`DYAD_TEST_DATABASE_URL` selects the server (CI sets it to PostgreSQL); unset, each run uses a
throw-away SQLite file. The development database is never touched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="dyad-test-"))
TEST_DATABASE_URL = os.environ.get("DYAD_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.sqlite3'}"
# Must happen before anything reads the settings: the app under test then talks to this database.
os.environ["DYAD_DATABASE_URL"] = TEST_DATABASE_URL
os.environ.setdefault("DYAD_RATE_LIMIT_PER_MINUTE", "0")

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import get_engine, get_sessionmaker
from app.extract.pool import ExtractorFactory
from app.models import Base

IS_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
requires_postgres = pytest.mark.skipif(
    not IS_POSTGRES, reason="needs PostgreSQL: set DYAD_TEST_DATABASE_URL=postgresql+psycopg://…"
)


def _reset_schema(url: str) -> None:
    engine = get_engine()
    if IS_POSTGRES:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(url)


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    _reset_schema(TEST_DATABASE_URL)
    engine = get_engine()
    # Connections pooled before Alembic rebuilt the tables (migration 0008 on SQLite) may hold
    # the old schema: the first test once met "no such table" on a fresh checkout.
    engine.dispose()
    yield engine


def _empty_tables(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if IS_POSTGRES:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
            # ids restart at 1, as RESTART IDENTITY does on PostgreSQL (AUTOINCREMENT remembers)
            conn.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """A migrated, empty database for one test (emptied again afterwards)."""
    _empty_tables(engine)
    yield engine
    _empty_tables(engine)


@pytest.fixture
def session(db: Engine) -> Iterator[Session]:
    with get_sessionmaker()() as s:
        yield s


@pytest.fixture
def client(db: Engine) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app()) as c:
        yield c


@pytest.fixture
def use_extractor() -> Iterator[Callable[[ExtractorFactory], None]]:
    """Run a test's extractor factory (a module-level function, so worker processes can import
    it) in every extraction pool of this process; Dyad's own extractor again afterwards."""
    from app.extract.pool import default_factory
    from app.ingest import extraction

    yield extraction.use_extractor
    extraction.use_extractor(default_factory)
