"""The migration chain goes up from empty, down to empty and up again, and matches the models."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app import migrate
from app.models import Base
from tests.conftest import IS_POSTGRES, TEST_DATABASE_URL

PG_MIGRATION_URL = os.environ.get("DYAD_TEST_DATABASE_URL")


def _urls() -> list[pytest.param]:
    sqlite_url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'migrations.sqlite3'}"
    params = [pytest.param(sqlite_url, id="sqlite")]
    params.append(
        pytest.param(
            PG_MIGRATION_URL,
            id="postgresql",
            marks=pytest.mark.skipif(
                not (PG_MIGRATION_URL and IS_POSTGRES),
                reason="needs PostgreSQL: set DYAD_TEST_DATABASE_URL",
            ),
        )
    )
    return params


@pytest.fixture
def scratch_schema():  # type: ignore[no-untyped-def]
    """On PostgreSQL the round trip runs in its own schema so the session's tables stay put."""
    if not IS_POSTGRES:
        yield None
        return
    engine = create_engine(TEST_DATABASE_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
        conn.execute(text("CREATE SCHEMA migration_check"))
    yield "migration_check"
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS migration_check CASCADE"))
    engine.dispose()


def _with_schema(url: str, schema: str | None) -> str:
    if schema is None:
        return url
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.mark.parametrize("url", _urls())
def test_upgrade_downgrade_upgrade_round_trip(url: str, scratch_schema: str | None) -> None:
    url = _with_schema(url, scratch_schema if url.startswith("postgresql") else None)
    engine = create_engine(url)
    migrate.upgrade(url)
    tables = set(inspect(engine).get_table_names())
    assert {
        "articles",
        "actors",
        "actor_aliases",
        "actor_affiliations",
        "places",
        "events",
        "event_participants",
        "statements",
        "mentions",
    } <= tables
    migrate.downgrade(url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == migrate.head_revision(url)
        # The models and the migrations describe the same schema.
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda _obj, name, _type, _reflected, _compare_to: (
                    "_fts" not in (name or "") and name != "sentence_tsv"
                ),
            },
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
