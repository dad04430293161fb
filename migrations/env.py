"""Alembic environment: URL from Dyad's settings, metadata from the shared ORM base."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from app.config import get_settings
from app.db import make_engine
from app.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata

# Full-text search objects are created by hand in the migrations (FTS5 on SQLite, a GIN
# index over the stored `events.sentence_tsv` column on PostgreSQL); the ORM does not describe
# them, so autogenerate skips them.
FTS_OBJECTS = {
    "events_fts",
    "statements_fts",
    "ix_events_fts",
    "ix_statements_fts",
    "sentence_tsv",
}


def include_object(
    _obj: object, name: str | None, _type: str, _reflected: bool, _compare_to: object
) -> bool:
    """Alembic's autogenerate filter: the full-text objects are made by hand, not by the models."""
    return not (name in FTS_OBJECTS or "_fts_" in (name or ""))


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
