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
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from query_fill import fill
from query_http import (
    database_cpu,
    inproc_client,
    pct,
    rates,
    raw_rates,
    timed,
    uvicorn_client,
)


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
        db = database_cpu(url) if server == "uvicorn" else None
        db_read = db or (lambda: 0.0)
        print(f"load average {os.getloadavg()[0]:.2f} (timings grow with it; CPU ms do not)")
        # min: the request's time when nothing else wanted the cores, the nearest this shared
        # machine comes to an idle one. CPU ms: the server's (and PostgreSQL's) CPU per request
        # of the query, which the machine's load moves far less than its time.
        print(
            f"{'query':28} {'p50 ms':>8} {'p99 ms':>8} {'min ms':>8} {'CPU ms':>7} {'PG ms':>6}"
            f" {'bytes':>9}  path"
        )
        for name, path in [] if ratio_only else query_mix(cursor, near):
            n = repeat if not path.startswith("/stats") else max(10, repeat // 3)
            c0, d0 = cpu(), db_read()
            samples, size = timed(client.get, path, n)
            # timed() sends two untimed requests first: they cost the same, so they count.
            per = 1000 / (n + 2)
            print(
                f"{name:28} {statistics.median(samples):8.1f} {pct(samples, 99):8.1f} "
                f"{min(samples):8.1f} {(cpu() - c0) * per:7.2f} {(db_read() - d0) * per:6.2f}"
                f" {size:9d}  {path}"
            )
        ratio_lines(client, cpu, port if server == "uvicorn" else None, connections, db)


RATIO_PATHS = ("/events?actor=Hamas&limit=50", "/healthz")


def ratio_lines(
    client: Any,
    cpu: Callable[[], float],
    port: int | None,
    connections: int,
    db: Callable[[], float] | None = None,
) -> None:
    """Issue 13's bar, /events req/s ÷ /healthz req/s, measured three ways, each printed with
    its method. The bar is read on the last, server-bound one (docs/scaling.md): one Python
    client that decodes every body measures its own cost beside the server's. With `db` (a
    local PostgreSQL), the database's CPU ms per request is printed too: work moved from the
    API into the database lowers the server's figure but not the sum."""
    db_read = db or (lambda: 0.0)
    runs = [
        ("httpx, 1 connection, body decoded", rates(client.get, RATIO_PATHS, 5.0, cpu, db=db_read))
    ]
    if port is not None:
        for n in dict.fromkeys((1, connections)):
            label = f"raw, {n} connection{'s' if n > 1 else ''}, gzip bytes not decoded"
            runs.append((label, raw_rates(port, RATIO_PATHS, 5.0, cpu, n, db=db_read)))
    print(f"\nreq/s {RATIO_PATHS[0]} / {RATIO_PATHS[1]} (paths alternating in 0.5 s slices)")
    for label, ((indexed, indexed_cpu, indexed_db), (trivial, trivial_cpu, trivial_db)) in runs:
        print(
            f"  {label:44} {indexed:6.0f} / {trivial:6.0f}  ratio {indexed / trivial:.2f}"
            f"   server CPU ms {indexed_cpu:.2f} / {trivial_cpu:.2f}"
            f" (ratio {trivial_cpu / indexed_cpu:.2f})"
            + (f"   PostgreSQL CPU ms {indexed_db:.2f} / {trivial_db:.2f}" if db else "")
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
