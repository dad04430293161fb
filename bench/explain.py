"""EXPLAIN (ANALYZE, BUFFERS) of the SQL that API requests run, on a filled bench database.

    python bench/explain.py --url postgresql+psycopg://postgres@127.0.0.1:5432/dyad_bench \\
        "/stats/dyads?date_from=2024-01-01" "/events?q=flotilla"

Each path is requested once in process (so the caches are warm), then again while every
statement the app sends is recorded; each recorded statement is then explained with the same
parameters on a connection of its own. Prints each statement's plan; `--summary` prints only
the total execution time, the buffers touched and the indexes each plan reads.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_PATHS = (
    "/stats/dyads?date_from=2024-01-01",
    "/stats/actors?type=ASSAULT&date_from=2024-01-01",
    "/stats/timeline?interval=week&by=type&actor=Hamas",
    "/events?q=flotilla",
    "/events?q=said",
    "/events?actor=Hamas",
)


def record(paths: list[str]) -> dict[str, list[tuple[str, Any]]]:
    from fastapi.testclient import TestClient
    from sqlalchemy import Engine, event

    from app.main import create_app

    seen: list[tuple[str, Any]] = []

    def listen(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        seen.append((statement, params))

    out: dict[str, list[tuple[str, Any]]] = {}
    with TestClient(create_app()) as client:
        for path in paths:
            if client.get(path).status_code != 200:
                raise SystemExit(f"{path}: not 200")
            seen.clear()
            event.listen(Engine, "before_cursor_execute", listen)
            try:
                client.get(path)
            finally:
                event.remove(Engine, "before_cursor_execute", listen)
            out[path] = [
                (s, p) for s, p in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))
            ]
    return out


def explain(url: str, recorded: dict[str, list[tuple[str, Any]]], summary: bool) -> None:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for path, statements in recorded.items():
            print(f"\n### {path}")
            for statement, params in statements:
                rows = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params).fetchall()
                plan = "\n".join(r[0] for r in rows)
                if not summary:
                    print(plan, end="\n\n")
                    continue
                ms = re.search(r"Execution Time: ([\d.]+) ms", plan)
                top = next((line for line in plan.split("\n") if "Buffers:" in line), "")
                hit = sum(int(x) for x in re.findall(r"shared hit=(\d+)", top))
                read = sum(int(x) for x in re.findall(r"read=(\d+)", top))
                scans = sorted(
                    set(
                        re.findall(
                            r"((?:Index Only|Index|Bitmap Index|Seq) Scan"
                            r"(?: Backward)? (?:using \S+ )?on \S+)",
                            plan,
                        )
                    )
                )
                head = " ".join(statement.split())[:70]
                print(f"{ms.group(1) if ms else '?':>10} ms  hit={hit} read={read}  {head}")
                for scan in scans:
                    print(f"{'':14}{scan}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True)
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS))
    args = parser.parse_args()
    os.environ["DYAD_DATABASE_URL"] = args.url
    os.environ.setdefault("DYAD_RATE_LIMIT_PER_MINUTE", "0")
    os.environ.setdefault("DYAD_JOB_WORKER", "false")
    os.environ.setdefault("DYAD_LOG_LEVEL", "WARNING")
    explain(args.url, record(args.paths), args.summary)


if __name__ == "__main__":
    main()
