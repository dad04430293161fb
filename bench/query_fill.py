"""Fill a database with bench/query.py's synthetic events: COPY with the big tables' indexes
rebuilt after (PostgreSQL) or executemany in large batches (SQLite), then the rollups."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from query_data import Data

EVENT_COLS = (
    "id",
    "article_id",
    "sentence_index",
    "start",
    "end",
    "sentence_text",
    "trigger",
    "trigger_start",
    "trigger_end",
    "plover_type",
    "cameo_code",
    "quad_class",
    "goldstein",
    "event_date",
    "date_precision",
    "place_id",
    "country",
    "lat",
    "lon",
    "negated",
    "hypothetical",
    "confidence",
)
PART_COLS = ("id", "event_id", "actor_id", "role", "event_date", "plover_type")
DYAD_COLS = ("event_id", "source_id", "target_id", "event_date", "plover_type")


def dyad_rows(parts: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """event_dyads from the participant rows: each event has one source then one target."""
    for i in range(0, len(parts), 2):
        (_, eid, source, _, day, kind), (_, _, target, _, _, _) = parts[i], parts[i + 1]
        yield (eid, source, target, day, kind)


ARTICLE_COLS = (
    "id",
    "url",
    "title",
    "source",
    "published",
    "language",
    "text",
    "content_sha256",
    "extractor_version",
    "ingested_at",
)
ACTOR_COLS = ("id", "match_key", "name", "kind", "country", "code", "description")
ALIAS_COLS = ("id", "actor_id", "alias", "normalized")
PLACE_COLS = ("id", "match_key", "name", "kind", "country", "lat", "lon", "parent_id")


def _q(cols: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


# The three big tables are loaded as PostgreSQL's manual advises for bulk loads: their secondary
# indexes and foreign keys are dropped first and recreated, from their own definitions, after
# the rows are in, so each index is built once by a sort instead of row by row. Each table is
# truncated and copied with FREEZE in its own transaction (one connection per table, so the three
# COPYs run side by side), which spares the later VACUUM a rewrite of every page. At measure time
# the schema, indexes and statistics are the ones the migrations made.
BULK = ("events", "event_participants", "event_dyads")


def _bulk_schema(cur: Any) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(table, name, definition) of every foreign key on or into the bulk tables, and the
    CREATE INDEX of each of their indexes that no constraint owns."""
    cur.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) "
        "OR confrelid::regclass::text = ANY(%s))",
        (list(BULK), list(BULK)),
    )
    fks = [(t, n, d) for t, n, d in cur.fetchall()]
    cur.execute(
        "SELECT indexdef FROM pg_indexes i WHERE schemaname = current_schema() "
        "AND tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = (quote_ident(i.indexname))::regclass)",
        (list(BULK),),
    )
    return fks, [d for (d,) in cur.fetchall()]


def fill_postgres(raw: Any, data: Data) -> None:
    import psycopg

    def copy(
        table: str, cols: tuple[str, ...], rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]
    ) -> None:
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({_q(cols)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)

    with raw.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET maintenance_work_mem = '1GB'")
        fks, indexes = _bulk_schema(cur)
        for table, name, _ in fks:
            cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for indexdef in indexes:
            found = re.search(r"INDEX (\S+) ON", indexdef)
            assert found, indexdef
            cur.execute(f"DROP INDEX {found.group(1)}")
    raw.commit()
    copy("actors", ACTOR_COLS, data.actors())
    copy("actor_aliases", ALIAS_COLS, data.aliases())
    copy("places", PLACE_COLS, data.places())
    copy("articles", ARTICLE_COLS, data.articles())
    raw.commit()
    conns = {t: psycopg.connect(raw.info.dsn) for t in BULK}
    try:
        with contextlib.ExitStack() as stack:
            cps = {}
            for table, cols in zip(BULK, (EVENT_COLS, PART_COLS, DYAD_COLS), strict=True):
                cur = stack.enter_context(conns[table].cursor())
                cur.execute("SET synchronous_commit = off")
                cur.execute(f"TRUNCATE {table}")
                cps[table] = stack.enter_context(
                    cur.copy(f"COPY {table} ({_q(cols)}) FROM STDIN (FREEZE)")
                )
            for event, (source, target) in data.events():
                cps["events"].write_row(event)
                cps["event_participants"].write_row(source)
                cps["event_participants"].write_row(target)
                cps["event_dyads"].write_row((event[0], source[2], target[2], event[13], event[9]))
        for conn in conns.values():
            conn.commit()
    finally:
        for conn in conns.values():
            conn.close()
    with raw.cursor() as cur:
        for indexdef in indexes:
            cur.execute(indexdef)
        for table, name, definition in fks:
            cur.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for table in (
            "actors",
            "actor_aliases",
            "places",
            "articles",
            "events",
            "event_participants",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM "
                f"{table}))"
            )
    raw.commit()
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    raw.autocommit = False


def fill_sqlite(raw: Any, data: Data) -> None:
    def insert(
        table: str, cols: tuple[str, ...], rows: Iterator[tuple[Any, ...]] | list[tuple[Any, ...]]
    ) -> None:
        sql = f"INSERT INTO {table} ({_q(cols)}) VALUES ({', '.join('?' for _ in cols)})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row))
            if len(batch) >= 50000:
                raw.executemany(sql, batch)
                batch.clear()
        if batch:
            raw.executemany(sql, batch)

    insert("actors", ACTOR_COLS, data.actors())
    insert("actor_aliases", ALIAS_COLS, data.aliases())
    insert("places", PLACE_COLS, data.places())
    insert("articles", ARTICLE_COLS, data.articles())
    parts: list[tuple[Any, ...]] = []

    def events() -> Iterator[tuple[Any, ...]]:
        for event, ps in data.events():
            parts.extend(ps)
            yield event

    insert("events", EVENT_COLS, events())
    insert("event_participants", PART_COLS, parts)
    insert("event_dyads", DYAD_COLS, dyad_rows(parts))
    raw.commit()
    raw.execute("ANALYZE")
    raw.commit()


def fill(url: str, n: int) -> float:
    from sqlalchemy import text

    from app import migrate
    from app.db import make_engine
    from app.ingest import rollups

    engine = make_engine(url)
    migrate.downgrade(url, "base")
    migrate.upgrade(url)
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        (fill_postgres if url.startswith("postgresql") else fill_sqlite)(
            raw.driver_connection, Data(n)
        )
    finally:
        raw.close()
    # The rows went in around the store, so the rollups are counted by the same SQL that
    # rebuilds them anywhere else, then analysed like the rest.
    with engine.begin() as conn:
        rollups.rebuild(conn)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        vacuum = "VACUUM ANALYZE" if url.startswith("postgresql") else "ANALYZE"
        for table in ("actor_period_counts", "dyad_period_counts"):
            conn.execute(text(f"{vacuum} {table}"))
    engine.dispose()
    return time.perf_counter() - started
