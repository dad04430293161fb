"""Query benchmark: fill a database with N synthetic events, then time a fixed mix of 20 queries.

    python bench/query.py --events 1000000 \\
        --url postgresql+psycopg://postgres@127.0.0.1:5432/dyad_bench
    python bench/query.py --url sqlite:////tmp/dyad_bench.sqlite3 --events 1000000
    python bench/query.py --url … --skip-fill          # re-measure an already filled database

The fill bypasses NLP and the ORM unit of work: rows are generated in Python and written with
COPY (PostgreSQL) or executemany in large batches (SQLite). The data is skewed like real event
data: actors and places follow a Zipf law (a few are very frequent), dates span ten years.
Queries go through the real HTTP app served by uvicorn on 127.0.0.1 (`--server inproc` runs the
ASGI app in-process instead), so routing, validation, serialisation and middleware are all
measured. Client and server share the machine's cores. The req/s ratio of an indexed page to
/healthz is measured with the two paths taking turns in half-second slices, so both see the
same load, three ways: httpx serially (client and body decoding included), a raw socket
serially, and raw sockets on several connections (server-bound, as wrk measures: the gzipped
bytes are counted, never decoded). The server's CPU ms per request, read from /proc for the
uvicorn process, is printed beside each (docs/scaling.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import random
import re
import selectors
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    "talks",
    "meeting",
    "border",
    "attack",
    "troops",
    "ceasefire",
    "aid",
    "protest",
    "sanctions",
    "minister",
    "police",
    "forces",
    "government",
    "leaders",
    "officials",
    "said",
    "capital",
    "rebels",
    "election",
    "agreement",
    "visit",
    "army",
    "strike",
    "negotiations",
    "accused",
    "rejected",
    "demanded",
    "warned",
    "prisoners",
    "humanitarian",
    "economic",
    "military",
]
RARE = ("flotilla", "memorandum", "reconciliation", "blockade", "referendum")
TYPES = {  # PLOVER type: (quad, CAMEO code, weight)
    "AGREE": (1, "030", 6),
    "CONSULT": (1, "040", 14),
    "SUPPORT": (1, "051", 5),
    "CONCEDE": (1, "080", 1),
    "COOPERATE": (2, "060", 3),
    "AID": (2, "070", 3),
    "RETREAT": (2, "087", 1),
    "REQUEST": (3, "100", 6),
    "ACCUSE": (3, "112", 10),
    "REJECT": (3, "120", 4),
    "THREATEN": (3, "130", 3),
    "PROTEST": (4, "140", 5),
    "SANCTION": (4, "163", 2),
    "MOBILIZE": (4, "150", 2),
    "COERCE": (4, "173", 5),
    "ASSAULT": (4, "190", 12),
}
# Sixty real ISO 3166-1 alpha-3 codes, so `country=` resolves as it would on real data.
COUNTRIES = [
    "EGY",
    "ISR",
    "PSE",
    "QAT",
    "USA",
    "RUS",
    "UKR",
    "SYR",
    "IRQ",
    "IRN",
    "SAU",
    "TUR",
    "JOR",
    "LBN",
    "YEM",
    "LBY",
    "SDN",
    "ETH",
    "SOM",
    "KEN",
    "NGA",
    "MLI",
    "NER",
    "TCD",
    "CAF",
    "COD",
    "COG",
    "ZAF",
    "AFG",
    "PAK",
    "IND",
    "CHN",
    "PRK",
    "KOR",
    "JPN",
    "MMR",
    "THA",
    "PHL",
    "IDN",
    "VNM",
    "FRA",
    "DEU",
    "GBR",
    "ITA",
    "ESP",
    "POL",
    "BLR",
    "GEO",
    "ARM",
    "AZE",
    "VEN",
    "COL",
    "MEX",
    "BRA",
    "ARG",
    "PER",
    "CHL",
    "CUB",
    "HTI",
    "NIC",
    "SRB",
]
START = dt.date(2015, 1, 1)
DAYS = 3652


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


class Data:
    """Deterministic synthetic world: actors, places, and generators of event rows."""

    def __init__(self, n_events: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.n_events = n_events
        self.n_actors = 3000
        self.n_countries = 60
        self.cities_per_country = 20
        self.events_per_article = 10

    def actors(self) -> list[tuple[Any, ...]]:
        rows = []
        for i in range(1, self.n_actors + 1):
            kind = ("state", "organization", "person", "agent", "group")[i % 5]
            name = f"Actor {i}" if i > 3 else ("Hamas", "Egypt", "Fatah")[i - 1]
            rows.append((i, f"bench:{i}", name, kind, COUNTRIES[i % self.n_countries], None, None))
        return rows

    def aliases(self) -> list[tuple[Any, ...]]:
        return [(i, i, name, name.lower()) for i, _, name, *_ in self.actors()]

    def places(self) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        rng = random.Random(11)
        pid = 0
        self.city_coords: list[tuple[int, str, float, float]] = []
        for c in range(self.n_countries):
            lat0, lon0 = rng.uniform(-50, 60), rng.uniform(-170, 170)
            pid += 1
            country_id = pid
            code = COUNTRIES[c]
            rows.append(
                (
                    country_id,
                    f"bench:country:{c}",
                    f"Country {c}",
                    "country",
                    code,
                    lat0,
                    lon0,
                    None,
                )
            )
            for k in range(self.cities_per_country):
                pid += 1
                lat, lon = lat0 + rng.uniform(-3, 3), lon0 + rng.uniform(-3, 3)
                rows.append(
                    (
                        pid,
                        f"bench:city:{c}:{k}",
                        f"City {c}-{k}",
                        "city",
                        code,
                        lat,
                        lon,
                        country_id,
                    )
                )
                self.city_coords.append((pid, code, lat, lon))
        return rows

    def articles(self) -> Iterator[tuple[Any, ...]]:
        n = math.ceil(self.n_events / self.events_per_article)
        for i in range(1, n + 1):
            day = START + dt.timedelta(days=(i * DAYS) // n)
            yield (
                i,
                None,
                f"Article {i}",
                "bench",
                day,
                "en",
                f"Synthetic article {i}.",
                f"{i:064x}",
                "bench",
                dt.datetime(2026, 1, 1),
            )

    def events(self) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(event row, participant rows) per event, ids from 1."""
        rng = self.rng
        type_names = list(TYPES)
        type_w = [TYPES[t][2] for t in type_names]
        actor_w = zipf_weights(self.n_actors)
        city_w = zipf_weights(len(self.city_coords), 1.0)
        batch = 10000
        pid = 0
        for start in range(0, self.n_events, batch):
            size = min(batch, self.n_events - start)
            kinds = rng.choices(type_names, type_w, k=size)
            sources = rng.choices(range(1, self.n_actors + 1), actor_w, k=size)
            targets = rng.choices(range(1, self.n_actors + 1), actor_w, k=size)
            cities = rng.choices(self.city_coords, city_w, k=size)
            for j in range(size):
                eid = start + j + 1
                # Later years hold more events, as news archives do.
                day = START + dt.timedelta(days=int(DAYS * math.sqrt(rng.random())))
                quad, cameo, _ = TYPES[kinds[j]]
                words = rng.choices(WORDS, k=10)
                if rng.random() < 0.002:
                    words[3] = rng.choice(RARE)
                text = " ".join(words).capitalize() + "."
                located = rng.random() < 0.8
                place_id, country, lat, lon = cities[j] if located else (None, None, None, None)
                article = (eid - 1) // self.events_per_article + 1
                yield (
                    (
                        eid,
                        article,
                        0,
                        0,
                        len(text),
                        text,
                        words[0],
                        0,
                        len(words[0]),
                        kinds[j],
                        cameo,
                        quad,
                        0.0,
                        day,
                        "day",
                        place_id,
                        country,
                        lat,
                        lon,
                        rng.random() < 0.03,
                        rng.random() < 0.05,
                        round(rng.random(), 3),
                    ),
                    [
                        (pid + 1, eid, sources[j], "source", day, kinds[j]),
                        (
                            pid + 2,
                            eid,
                            targets[j]
                            if targets[j] != sources[j]
                            else (targets[j] % self.n_actors) + 1,
                            "target",
                            day,
                            kinds[j],
                        ),
                    ],
                )
                pid += 2


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


def deep_cursor(url: str, offset: int) -> str:
    """The cursor of the page that starts `offset` rows into /events (newest first), or 100 rows
    before the end of a table smaller than that (a --skip-fill run does not know its size)."""
    from sqlalchemy import text

    from app.db import make_engine
    from app.query.cursor import encode_cursor

    engine = make_engine(url)
    with engine.connect() as conn:
        day, eid = conn.execute(
            text(
                "SELECT event_date, id FROM events ORDER BY event_date DESC, id DESC LIMIT 1 "
                "OFFSET GREATEST(0, LEAST(:o, (SELECT count(*) FROM events) - 100))"
            ),
            {"o": offset},
        ).one()
    engine.dispose()
    return encode_cursor("-date", [str(day)[:10], eid])


def city_near(url: str) -> str:
    """lat,lon of the busiest city, so the radius query has matches."""
    from sqlalchemy import text

    from app.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        lat, lon = conn.execute(text("SELECT lat, lon FROM places WHERE name = 'City 0-0'")).one()
    engine.dispose()
    return f"{lat:.4f},{lon:.4f}"


def query_mix(cursor: str, near: str) -> list[tuple[str, str]]:
    return [
        ("actor (top)", "/events?actor=Hamas"),
        ("actor (mid)", "/events?actor=Actor%20300"),
        ("actor+date", "/events?actor=Hamas&date_from=2019-01-01&date_to=2019-12-31"),
        ("actor source", "/events?actor=Egypt&actor_role=source"),
        ("place+date", "/events?place=City%200-0&date_from=2020-01-01&date_to=2020-12-31"),
        ("country", "/events?country=SYR"),
        ("bbox", "/events?bbox=0,0,20,20"),
        ("near", f"/events?near={near}&radius_km=100"),
        ("type", "/events?type=PROTEST"),
        ("dyad", "/events?dyad=Hamas,Egypt"),
        ("q (rare word)", "/events?q=flotilla"),
        ("q (common word)", "/events?q=said"),
        ("deep cursor", f"/events?cursor={cursor}"),
        ("sort -confidence", "/events?sort=-confidence&type=AID"),
        ("actor count=true", "/events?actor=Actor%20300&count=true"),
        ("stats/timeline", "/stats/timeline?interval=month"),
        ("stats/timeline actor by", "/stats/timeline?interval=week&by=type&actor=Hamas"),
        ("stats/dyads", "/stats/dyads?date_from=2024-01-01"),
        ("stats/actors", "/stats/actors?type=ASSAULT&date_from=2024-01-01"),
        ("stats/types", "/stats/types?country=SYR"),
        ("stats/places", "/stats/places?format=geojson&date_from=2024-01-01"),
    ]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def timed(get: Callable[[str], Any], path: str, repeat: int) -> tuple[list[float], int]:
    for _ in range(2):
        resp = get(path)
        if resp.status_code != 200:
            raise SystemExit(f"{path}: {resp.status_code} {resp.text[:300]}")
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        resp = get(path)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, len(resp.content)


def rates(
    get: Callable[[str], Any],
    paths: tuple[str, str],
    seconds: float,
    cpu: Callable[[], float],
    slice_s: float = 0.5,
) -> list[tuple[float, float]]:
    """For each path: requests per second, one after another, and the server's CPU ms per
    request (`cpu` reads the server's CPU seconds so far). The paths take turns in slices of
    `slice_s`, so a change in the machine's load hits both alike and their ratio holds; the
    CPU figure does not move with load the way req/s does."""
    done = [0, 0]
    wall = [0.0, 0.0]
    used = [0.0, 0.0]
    turn = 0
    while sum(wall) < seconds * 2:
        i = turn % 2
        t0, c0 = time.perf_counter(), cpu()
        while time.perf_counter() - t0 < slice_s:
            get(paths[i])
            done[i] += 1
        wall[i] += time.perf_counter() - t0
        used[i] += cpu() - c0
        turn += 1
    return [(done[i] / wall[i], used[i] / done[i] * 1000) for i in range(2)]


class _Pending:
    """A connection's answer so far: the bytes received and, once the head is in, the length
    of the whole answer (head + Content-Length)."""

    __slots__ = ("buf", "need")

    def __init__(self) -> None:
        self.buf = bytearray()
        self.need = -1


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)


def _complete(p: _Pending) -> bool:
    """True once `p` holds one whole answer (which must be a 200), and then empties it. The
    body is counted, never decoded: gzip stays compressed and JSON unparsed, as with wrk."""
    if p.need < 0:
        end = p.buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(p.buf[:end])
        if not head.startswith(b"HTTP/1.1 200 "):
            raise SystemExit(f"raw client: {head[:200]!r}")
        length = _CONTENT_LENGTH.search(head)
        if length is None:
            raise SystemExit(f"raw client: no Content-Length in {head[:300]!r}")
        p.need = end + 4 + int(length.group(1))
    if len(p.buf) < p.need:
        return False
    if len(p.buf) > p.need:
        raise SystemExit("raw client: bytes after the answer (nothing was pipelined)")
    p.buf.clear()
    p.need = -1
    return True


def raw_rates(
    port: int,
    paths: tuple[str, str],
    seconds: float,
    cpu: Callable[[], float],
    connections: int,
    slice_s: float = 0.5,
) -> list[tuple[float, float]]:
    """`rates` measured the way a load generator (wrk) measures a server: `connections`
    keep-alive connections, each sending its next GET as soon as its last answer is in, and
    the answers read as bytes (`Accept-Encoding: gzip` as a browser or httpx sends it; the
    body neither decompressed nor parsed). The client's CPU per request is then tens of µs
    whatever the body, so with enough connections the one server process is the bottleneck
    and the rate is the server's. The paths take turns in slices as in `rates`; a slice ends
    when its last answers are in, so no request of one path is counted for the other."""
    wire = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n"
            "Accept-Encoding: gzip, deflate\r\nUser-Agent: dyad-bench\r\n\r\n"
        ).encode("ascii")
        for path in paths
    ]
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ, _Pending())
        socks.append(sock)
    done = [0, 0]
    wall = [0.0, 0.0]
    used = [0.0, 0.0]
    turn = 0
    try:
        while sum(wall) < seconds * 2:
            i = turn % 2
            t0, c0 = time.perf_counter(), cpu()
            for sock in socks:
                sock.send(wire[i])
            waiting = connections
            while waiting:
                for key, _ in sel.select():
                    chunk = key.fileobj.recv(1 << 16)  # type: ignore[union-attr]
                    if not chunk:
                        raise SystemExit("raw client: the server closed a connection")
                    key.data.buf += chunk
                    if not _complete(key.data):
                        continue
                    done[i] += 1
                    if time.perf_counter() - t0 < slice_s:
                        key.fileobj.send(wire[i])  # type: ignore[union-attr]
                    else:
                        waiting -= 1
            wall[i] += time.perf_counter() - t0
            used[i] += cpu() - c0
            turn += 1
    finally:
        for sock in socks:
            sel.unregister(sock)
            sock.close()
        sel.close()
    return [(done[i] / wall[i], used[i] / done[i] * 1000) for i in range(2)]


def process_cpu(pid: int) -> Callable[[], float]:
    """CPU seconds (user + system, every thread) of process `pid` so far, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    return read


@contextlib.contextmanager
def uvicorn_client(port: int) -> Iterator[tuple[Any, Callable[[], float]]]:
    """A uvicorn serving the app on 127.0.0.1 (one process, as `dyad serve` runs), a
    keep-alive HTTP client for it, and a reader of the server's CPU time."""
    import httpx

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ.copy(),
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(300):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client, process_cpu(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def inproc_client() -> Iterator[tuple[Any, Callable[[], float]]]:
    """The app in this process; its CPU time is the client's too."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app()) as client:
        yield client, time.process_time


def measure(
    url: str,
    repeat: int,
    deep: int,
    server: str,
    port: int,
    ratio_only: bool = False,
    connections: int = 4,
) -> None:
    cursor = deep_cursor(url, deep)
    near = city_near(url)
    clients = uvicorn_client(port) if server == "uvicorn" else inproc_client()
    with clients as (client, cpu):
        print(f"load average {os.getloadavg()[0]:.2f} (timings grow with it; CPU ms do not)")
        # min: the request's time when nothing else wanted the cores, the nearest this shared
        # machine comes to an idle one.
        print(f"{'query':28} {'p50 ms':>8} {'p99 ms':>8} {'min ms':>8} {'bytes':>9}  path")
        for name, path in [] if ratio_only else query_mix(cursor, near):
            n = repeat if not path.startswith("/stats") else max(10, repeat // 3)
            samples, size = timed(client.get, path, n)
            print(
                f"{name:28} {statistics.median(samples):8.1f} {pct(samples, 99):8.1f} "
                f"{min(samples):8.1f} {size:9d}  {path}"
            )
        ratio_lines(client, cpu, port if server == "uvicorn" else None, connections)


RATIO_PATHS = ("/events?actor=Hamas&limit=50", "/healthz")


def ratio_lines(client: Any, cpu: Callable[[], float], port: int | None, connections: int) -> None:
    """Issue 13's bar, /events req/s ÷ /healthz req/s, measured three ways, each printed with
    its method. The bar is read on the last, server-bound one (docs/scaling.md): one Python
    client that decodes every body measures its own cost beside the server's."""
    runs = [("httpx, 1 connection, body decoded", rates(client.get, RATIO_PATHS, 5.0, cpu))]
    if port is not None:
        for n in dict.fromkeys((1, connections)):
            label = f"raw, {n} connection{'s' if n > 1 else ''}, gzip bytes not decoded"
            runs.append((label, raw_rates(port, RATIO_PATHS, 5.0, cpu, n)))
    print(f"\nreq/s {RATIO_PATHS[0]} / {RATIO_PATHS[1]} (paths alternating in 0.5 s slices)")
    for label, ((indexed, indexed_cpu), (trivial, trivial_cpu)) in runs:
        print(
            f"  {label:44} {indexed:6.0f} / {trivial:6.0f}  ratio {indexed / trivial:.2f}"
            f"   server CPU ms {indexed_cpu:.2f} / {trivial_cpu:.2f}"
            f" (ratio {trivial_cpu / indexed_cpu:.2f})"
        )
    print(f"load average {os.getloadavg()[0]:.2f}; the bar is read on the last line")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url", required=True, help="database URL (never a database you care about: it is reset)"
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--skip-fill", action="store_true", help="measure the database as it is")
    parser.add_argument("--fill-only", action="store_true", help="fill, do not measure")
    parser.add_argument("--repeat", type=int, default=60, help="timed requests per list query")
    parser.add_argument("--deep", type=int, default=500_000, help="offset of the deep cursor page")
    parser.add_argument(
        "--server",
        choices=("uvicorn", "inproc"),
        default="uvicorn",
        help="uvicorn on 127.0.0.1 (default) or the ASGI app in-process",
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--ratio-only", action="store_true", help="only the req/s and CPU ratio to /healthz"
    )
    parser.add_argument(
        "--connections",
        type=int,
        default=4,
        help="connections of the server-bound req/s ratio (enough to keep the server busy)",
    )
    args = parser.parse_args()
    # Settings are read once, on first use: point the app at the bench database before that.
    os.environ["DYAD_DATABASE_URL"] = args.url
    os.environ.setdefault("DYAD_RATE_LIMIT_PER_MINUTE", "0")
    os.environ.setdefault("DYAD_JOB_WORKER", "false")
    os.environ.setdefault("DYAD_LOG_LEVEL", "WARNING")
    if not args.skip_fill:
        seconds = fill(args.url, args.events)
        print(f"filled {args.events:,} events in {seconds:.0f} s", flush=True)
        if args.fill_only:
            return
    measure(
        args.url,
        args.repeat,
        min(args.deep, max(0, args.events - 100)),
        args.server,
        args.port,
        args.ratio_only,
        args.connections,
    )


if __name__ == "__main__":
    main()
