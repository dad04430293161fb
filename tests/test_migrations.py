"""The migration chain goes up from empty, down to empty and up again, and matches the models."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, delete, inspect, text
from sqlalchemy.orm import Session

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
        # compare_metadata does not look at an index's INCLUDE columns: check the one index
        # that has them (a bbox page reads coordinates from it, never from the table).
        date_index = (
            conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_events_date_id' "
                "AND schemaname = current_schema()"
            ).scalar_one()
            if url.startswith("postgresql")
            else None  # SQLite has no INCLUDE
        )
    engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
    assert date_index is None or date_index.endswith("INCLUDE (lat, lon)"), date_index


_ROWS = {
    "articles": "INSERT INTO articles (id, published, language, text, content_sha256, "
    "extractor_version, ingested_at) VALUES (7, '2017-09-12', 'en', 'Hamas met Egypt.', 'h7', "
    "'v', '2017-09-12 00:00:00')",
    "actors": "INSERT INTO actors (id, match_key, name, kind) VALUES (3, 'organization:hamas', "
    "'Hamas', 'organization')",
    "events": 'INSERT INTO events (id, article_id, sentence_index, start, "end", '
    'sentence_text, "trigger", trigger_start, trigger_end, plover_type, cameo_code, quad_class, '
    "goldstein, event_date, date_precision, negated, hypothetical, confidence) VALUES (11, 7, 0, "
    "0, 16, 'Hamas met Egypt.', 'met', 6, 9, 'CONSULT', '040', 1, 1.0, '2017-09-11', 'day', "
    "false, false, 0.9)",
    "event_participants": "INSERT INTO event_participants (id, event_id, actor_id, role, "
    "event_date, plover_type) VALUES (5, 11, 3, 'source', '2017-09-11', 'CONSULT')",
    "statements": "INSERT INTO statements (id, article_id, speaker_id, text, kind, "
    "sentence_index, start, \"end\", event_id) VALUES (2, 7, 3, 'we are ready', 'direct', 0, 0, "
    "5, 11)",
}


@pytest.mark.parametrize("url", _urls())
def test_bigint_id_migration_keeps_rows_links_and_search(
    url: str, scratch_schema: str | None
) -> None:
    """0008 rebuilds SQLite tables and retypes PostgreSQL columns: every row, foreign key and
    full-text trigger is still there afterwards, and ids are 64-bit."""
    url = _with_schema(url, scratch_schema if url.startswith("postgresql") else None)
    engine = create_engine(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url, "0007")
    with engine.begin() as conn:
        for sql in _ROWS.values():
            conn.execute(text(sql))
    migrate.upgrade(url)
    big = 2**62
    with engine.begin() as conn:
        for table in _ROWS:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 1, table
        link = "SELECT e.id FROM events e JOIN event_participants p ON p.event_id = e.id "
        assert conn.execute(text(link + "WHERE p.actor_id = 3")).scalar() == 11
        # a 64-bit id and a 64-bit reference to it are stored as given
        conn.execute(text(_ROWS["articles"].replace("(7,", f"({big},").replace("'h7'", "'h8'")))
        conn.execute(text(f"UPDATE statements SET article_id = {big}"))
        assert conn.execute(text("SELECT article_id FROM statements")).scalar() == big
        if url.startswith("sqlite"):
            conn.execute(text("PRAGMA foreign_keys=ON"))
            hits = "SELECT rowid FROM events_fts WHERE events_fts MATCH 'egypt'"
            assert conn.execute(text(hits)).scalar() == 11  # the search index survived
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    with engine.begin() as conn:
        if url.startswith("sqlite"):
            conn.execute(text("PRAGMA foreign_keys=ON"))
        conn.execute(text("DELETE FROM articles WHERE id = 7"))
        # the cascades still hold: the article's event and its participant went with it
        assert conn.execute(text("SELECT count(*) FROM event_participants")).scalar() == 0
        conn.execute(text("DELETE FROM statements"))
        conn.execute(text("DELETE FROM articles"))  # 2^62 does not fit the 32-bit ids of 0007
    migrate.downgrade(url, "0007")
    migrate.upgrade(url)
    engine.dispose()


def test_the_newest_rows_id_is_never_handed_out_again(session: Session) -> None:
    """SQLite without AUTOINCREMENT gives a deleted newest row's id to the next insert, so an
    old link would show other content; on both databases the next id is a new one."""
    from app.models import Article

    def add(n: int) -> int:
        article = Article(
            published=dt.date(2017, 9, 12),
            text=f"text {n}",
            content_sha256=f"{n:064d}",
            extractor_version="v",
        )
        session.add(article)
        session.commit()
        return article.id

    add(1)
    newest = add(2)
    session.execute(delete(Article).where(Article.id == newest))
    session.commit()
    assert add(3) > newest
