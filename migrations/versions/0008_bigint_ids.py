"""ids: 64-bit on PostgreSQL, never reused on SQLite

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 18:30:00

PostgreSQL: every id and every column holding one becomes BIGINT, and so do the sequences
behind the ids (a SERIAL's sequence stops at 2^31 - 1 whatever the column's type).

SQLite: ids were already 64-bit (INTEGER PRIMARY KEY is the rowid), but without AUTOINCREMENT a
deleted newest row's id is handed out again, so an old link would silently point at new
content. SQLite cannot add AUTOINCREMENT to a table, so each table with an id is rebuilt from
its own stored definition (the documented 12-step procedure: foreign keys off, create, copy,
drop, rename, indexes and triggers back, foreign_key_check), keeping every row, constraint,
index and full-text trigger as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from alembic import op
from sqlalchemy import Connection

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every id column and every column holding an id (foreign keys, rollup keys, the job record's
# article id), as of revision 0007. places.geonames_id is GeoNames' id, not ours.
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id",),
    "actors": ("id",),
    "actor_aliases": ("id", "actor_id"),
    "actor_affiliations": (
        "id",
        "person_id",
        "organization_id",
        "first_article_id",
        "last_article_id",
    ),
    "api_keys": ("id",),
    "places": ("id", "parent_id"),
    "events": ("id", "article_id", "place_id"),
    "event_participants": ("id", "event_id", "actor_id"),
    "event_dyads": ("event_id", "source_id", "target_id"),
    "statements": ("id", "article_id", "speaker_id", "event_id"),
    "mentions": ("id", "article_id", "actor_id", "place_id"),
    "ingest_job_records": ("article_id",),
    "actor_period_counts": ("actor_id",),
    "dyad_period_counts": ("source_id", "target_id"),
    "dyad_totals": ("source_id", "target_id"),
}
TABLES_WITH_ID = tuple(t for t, cols in ID_COLUMNS.items() if "id" in cols)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql("BIGINT")
    else:
        _sqlite_rebuild(autoincrement=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql("INTEGER")
    else:
        _sqlite_rebuild(autoincrement=False)


def _postgresql(sql_type: str) -> None:
    bind = op.get_bind()
    for table, columns in ID_COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {c} TYPE {sql_type}" for c in columns)
        op.execute(f"ALTER TABLE {table} {changes}")
    for table in TABLES_WITH_ID:
        seq = bind.exec_driver_sql(f"SELECT pg_get_serial_sequence('{table}', 'id')").scalar()
        if seq:
            op.execute(f"ALTER SEQUENCE {seq} AS {sql_type}")


def _sqlite_rebuild(*, autoincrement: bool) -> None:
    # Foreign keys must be off while a referenced table is dropped (else its rows' ON DELETE
    # CASCADE would empty the tables that point at it), and PRAGMA foreign_keys is ignored
    # inside a transaction: leave Alembic's, run our own.
    with op.get_context().autocommit_block():
        bind = op.get_bind()
        bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
        # Renaming a table must not rewrite (or refuse over) triggers of the tables rebuilt.
        bind.exec_driver_sql("PRAGMA legacy_alter_table=ON")
        try:
            bind.exec_driver_sql("BEGIN")
            try:
                for table in TABLES_WITH_ID:
                    _rebuild(bind, table, autoincrement=autoincrement)
                broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
            except BaseException:
                bind.exec_driver_sql("ROLLBACK")
                raise
            bind.exec_driver_sql("COMMIT")
        finally:
            bind.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
            bind.exec_driver_sql("PRAGMA foreign_keys=ON")


_PLAIN_ID = re.compile(r"^(\s*)id INTEGER NOT NULL,", re.M)
_AUTO_ID = re.compile(
    r"^(\s*)id INTEGER NOT NULL CONSTRAINT (\w+) PRIMARY KEY AUTOINCREMENT,", re.M
)


def _with_autoincrement(sql: str, table: str) -> str:
    pk = f"CONSTRAINT pk_{table} PRIMARY KEY (id)"
    if pk + "," in sql:
        sql = re.sub(re.escape(pk) + r",\s*", "", sql, count=1)
    else:
        sql = re.sub(r",\s*" + re.escape(pk), "", sql, count=1)
    sql, n = _PLAIN_ID.subn(
        rf"\1id INTEGER NOT NULL CONSTRAINT pk_{table} PRIMARY KEY AUTOINCREMENT,", sql
    )
    if n != 1 or pk in sql:
        raise RuntimeError(f"unexpected definition of {table}: {sql}")
    return sql


def _without_autoincrement(sql: str, table: str) -> str:
    sql, n = _AUTO_ID.subn(r"\1id INTEGER NOT NULL,", sql)
    if n != 1:
        raise RuntimeError(f"unexpected definition of {table}: {sql}")
    head, _, tail = sql.rpartition(")")
    return f"{head.rstrip()}, \n\tCONSTRAINT pk_{table} PRIMARY KEY (id)\n){tail}"


def _rebuild(bind: Connection, table: str, *, autoincrement: bool) -> None:
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if ("AUTOINCREMENT" in sql) == autoincrement:
        return  # already in the wanted shape (a database created from the models)
    sql = _with_autoincrement(sql, table) if autoincrement else _without_autoincrement(sql, table)
    tmp = f"{table}__rebuilt"
    sql = re.sub(r'^CREATE TABLE "?\w+"?', f"CREATE TABLE {tmp}", sql, count=1)
    extras = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') "
            "AND sql IS NOT NULL ORDER BY type, name",
            (table,),
        )
    ]
    bind.exec_driver_sql(sql)
    bind.exec_driver_sql(f'INSERT INTO {tmp} SELECT * FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE {tmp} RENAME TO "{table}"')
    for statement in extras:  # dropped with the old table
        bind.exec_driver_sql(statement)
