"""Load benchmark: a mixed read workload against a Dyad server on 127.0.0.1 at rising concurrency.

    python bench/load.py              # own server on a fresh SQLite file, 20,000 events
    python bench/load.py --events 100000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/dyad_load
    python bench/load.py --server http://127.0.0.1:8000  # a running server (loopback only)
    python bench/load.py --levels 1,4,16,64 --duration 10

For each concurrency level, that many client threads (each with its own keep-alive connection)
send requests back to back for `--duration` seconds, drawn from a fixed weighted mix of reads
(event lists with filters, single records, resource lists, stats). Printed per level: requests/s,
p50/p90/p99/max latency and the error count (anything but 200, or a failed connection). At the
end, the level where latency bends: where throughput stops growing and p50 grows with the queue.

The server is `dyad serve` itself (1 or more API processes), with rate limiting off
(DYAD_RATE_LIMIT_PER_MINUTE=0: all traffic comes from one address and would otherwise be 429s).
Client and server share the machine's cores, so the client's own cost is part of the numbers.
Traffic only ever goes to a loopback address; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import math
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (weight, path) — the read mix. Names exist in bench/query.py's synthetic world.
MIX: list[tuple[int, str]] = [
    (20, "/events"),
    (12, "/events?actor=Hamas"),
    (8, "/events?actor=Hamas&date_from=2019-01-01&date_to=2019-12-31"),
    (6, "/events?place=City%200-0&date_from=2020-01-01&date_to=2020-12-31"),
    (6, "/events?country=SYR&type=PROTEST"),
    (5, "/events?bbox=0,0,20,20"),
    (4, "/events?dyad=Hamas,Egypt"),
    (4, "/events?q=flotilla"),
    (8, "/events/{event_id}"),
    (6, "/actors?q=act"),
    (4, "/actors/{actor_id}"),
    (4, "/places?q=city"),
    (3, "/statements"),
    (3, "/articles"),
    (3, "/stats/types?country=SYR"),
    (2, "/stats/dyads?date_from=2024-01-01"),
    (2, "/healthz"),
]


def loopback_only(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if parts.scheme != "http" or not ok:
        raise SystemExit(
            f"refusing {url!r}: this benchmark only drives http:// servers on a loopback address"
        )
    return host, parts.port or 80


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fill(database_url: str, events: int) -> None:
    """Synthetic, skewed data through bench/query.py's filler (no NLP)."""
    from query_fill import fill as fill_synthetic  # beside this script, on sys.path[0]

    seconds = fill_synthetic(database_url, events)
    print(f"filled {events:,} events in {seconds:.1f}s", flush=True)


@contextlib.contextmanager
def own_server(database_url: str, workers: int = 1) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DYAD_DATABASE_URL": database_url,
        "DYAD_RATE_LIMIT_PER_MINUTE": "0",
        "DYAD_JOB_WORKER": "false",
        "DYAD_LOG_LEVEL": "WARNING",  # no access log
    }
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180  # a loaded machine starts slowly
            while True:
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise SystemExit(
                        f"server did not start:\n{log.read().decode(errors='replace')[-2000:]}"
                    )
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def sample_ids(host: str, port: int) -> dict[str, list[int]]:
    """A few real event and actor ids to fetch one by one."""
    import json

    out: dict[str, list[int]] = {}
    for name, path in (("event_id", "/events?limit=200"), ("actor_id", "/actors?limit=200")):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request("GET", path)
        resp = conn.getresponse()
        body = json.loads(resp.read())
        out[name] = [item["id"] for item in body.get("items", [])] or [1]
        conn.close()
    return out


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def run_level(
    host: str, port: int, concurrency: int, duration: float, ids: dict[str, list[int]], seed: int
) -> dict[str, float]:
    paths = [p for w, p in MIX for _ in range(w)]
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    error_kinds: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        conn = http.client.HTTPConnection(host, port, timeout=30)
        start.wait()
        while time.perf_counter() < stop_at[0]:
            path = rng.choice(paths).format(
                event_id=rng.choice(ids["event_id"]), actor_id=rng.choice(ids["actor_id"])
            )
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                kind = f"HTTP {resp.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, kind = False, exc.__class__.__name__
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
            latencies[i].append(time.perf_counter() - t0)
            if not ok:
                errors[i] += 1
                with lock:
                    error_kinds[kind] = error_kinds.get(kind, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    stop_at[0] = began + duration
    start.wait()
    for t in threads:
        t.join(timeout=duration + 60)
    elapsed = time.perf_counter() - began
    all_lat = [x * 1000 for lat in latencies for x in lat]
    return {
        "concurrency": concurrency,
        "requests": len(all_lat),
        "rps": len(all_lat) / elapsed,
        "p50": pct(all_lat, 50),
        "p90": pct(all_lat, 90),
        "p99": pct(all_lat, 99),
        "max": max(all_lat) if all_lat else float("nan"),
        "errors": sum(errors),
        "error_kinds": error_kinds,
    }  # type: ignore[dict-item]


def bend(results: list[dict[str, float]]) -> str:
    """The first level where adding clients no longer adds throughput (< 10% more requests/s)."""
    for prev, cur in pairwise(results):
        if cur["rps"] < prev["rps"] * 1.10:
            return (
                f"latency bends at concurrency {prev['concurrency']:.0f}: going to "
                f"{cur['concurrency']:.0f} clients "
                f"adds {100 * (cur['rps'] / prev['rps'] - 1):+.0f}% requests/s while p50 goes "
                f"{prev['p50']:.1f} → {cur['p50']:.1f} ms (requests queue; the server is saturated)"
            )
    return "no bend within the levels tried: throughput still grew at the last level"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server", help="base URL of a running server (loopback only); default: start one"
    )
    parser.add_argument(
        "--database-url",
        help="database for the server this script starts (it is RESET and "
        "filled); default: a fresh SQLite file in a temporary folder",
    )
    parser.add_argument(
        "--events", type=int, default=20_000, help="synthetic events to fill (own server only)"
    )
    parser.add_argument("--levels", default="1,4,16,64", help="comma-separated client counts")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per level (bounded)")
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="seconds of warm-up traffic before the levels"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers",
        default="1",
        help="comma-separated API process counts for the server this script starts (e.g. 1,2)",
    )
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > 512 or not 0 < args.duration <= 300:
        raise SystemExit("levels must be 1..512 clients and duration 0..300 s")

    worker_counts = [int(x) for x in args.workers.split(",") if x.strip()]
    if args.server:
        worker_counts = [0]  # whatever the running server has
    total_errors = 0.0
    with contextlib.ExitStack() as outer:
        database_url = args.database_url
        if not args.server:
            tmp = outer.enter_context(tempfile.TemporaryDirectory(prefix="dyad-load-"))
            database_url = database_url or f"sqlite:///{tmp}/load.sqlite3"
            fill(database_url, args.events)
        for workers in worker_counts:
            with contextlib.ExitStack() as stack:
                if args.server:
                    base = args.server
                else:
                    assert database_url is not None
                    base = stack.enter_context(own_server(database_url, workers))
                total_errors += run_levels(base, levels, args, workers)
    print(f"errors over all levels: {total_errors:.0f}")
    if total_errors:
        raise SystemExit(1)


def run_levels(base: str, levels: list[int], args: argparse.Namespace, workers: int) -> float:
    host, port = loopback_only(base)
    ids = sample_ids(host, port)
    procs = f"{workers} API process(es)" if workers else "running server"
    print(
        f"\nserver {base} ({procs}); {len(MIX)} read paths in the mix; "
        f"{args.duration:.0f}s per level",
        flush=True,
    )
    if args.warmup > 0:
        run_level(host, port, 2, args.warmup, ids, args.seed)
    print(
        f"{'clients':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'errors':>6}",
        flush=True,
    )
    results = []
    for level in levels:
        r = run_level(host, port, level, args.duration, ids, args.seed)
        results.append(r)
        kinds = f"  {r['error_kinds']}" if r["errors"] else ""
        print(
            f"{level:>7} {r['requests']:>9.0f} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p90']:>8.1f} "
            f"{r['p99']:>8.1f} {r['max']:>8.1f} {r['errors']:>6.0f}{kinds}",
            flush=True,
        )
    print(bend(results))
    return sum(r["errors"] for r in results)


if __name__ == "__main__":
    main()
