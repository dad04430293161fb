"""Extraction time and peak memory against text length for hostile text shapes.

Each (shape, length) runs in a fresh process: the model is loaded and warmed on a short text
first, then one article of that shape is extracted; the script prints the extraction's wall
time, its time per 1,000 characters (flat = linear) and the growth of the process's peak
resident memory over the warmed baseline.

    .venv/bin/python bench/pathological.py                     # every shape, default lengths
    .venv/bin/python bench/pathological.py --shapes quotes --lengths 10000,200000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

SHAPES = {
    # A run of quote characters (quote pairing, tokenizer affix stripping).
    "quotes": lambda n: 'Hamas said "' + '"' * n,
    # Quoted words back to back: one quote pair every four characters, one sentence.
    "quoted-words": lambda n: "Hamas said " + '"a" ' * (n // 4),
    # A run of "(Hamas" with no space: prefixes, entity matching, one huge "word".
    "(hamas": lambda n: "(Hamas" * (n // 6),
    # "(Hamas " with spaces: thousands of entity mentions in one sentence.
    "(hamas-spaced": lambda n: "(Hamas " * (n // 7),
    # One sentence without punctuation.
    "no-punctuation": lambda n: " ".join(["officials"] * (n // 10)),
}
DEFAULT_LENGTHS = (10_000, 50_000, 100_000, 200_000)


def _child(shape: str, length: int) -> None:
    import datetime as dt

    from app.extract import extract
    from app.extract.records import ArticleInput

    extract(ArticleInput(text="Hamas met Egyptian officials in Cairo.", date=dt.date(2020, 1, 1)))
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    text = SHAPES[shape](length)
    started = time.perf_counter()
    out = extract(ArticleInput(text=text, date=dt.date(2020, 1, 1)))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "chars": len(text),
                "seconds": elapsed,
                "peak_growth_mb": (peak - base) / 1024,
                "peak_mb": peak / 1024,
                "statements": len(out.statements),
                "events": len(out.events),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--lengths", default=",".join(str(n) for n in DEFAULT_LENGTHS))
    parser.add_argument("--timeout", type=float, default=900, help="Seconds per run.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return
    from app.config import get_settings

    budget = get_settings()
    with open("/proc/loadavg") as f:
        print(f"load average: {' '.join(f.read().split()[:3])}")
    # The budget an extraction worker enforces (DYAD_EXTRACT_TIMEOUT_SECONDS, _MEMORY_MB): a run
    # over it would be refused (422, per-record error), not served.
    print(
        f"budget: {budget.extract_timeout_seconds:g} s, {budget.extract_memory_mb} MB "
        "over the warmed worker"
    )
    print(
        f"{'shape':<16}{'chars':>9}{'seconds':>10}{'s/1k chars':>12}{'peak +MB':>10}"
        f"{'in budget':>11}"
    )
    for shape in args.shapes.split(","):
        for length in (int(n) for n in args.lengths.split(",")):
            try:
                done = subprocess.run(
                    [sys.executable, __file__, "--child", shape, str(length)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                    check=True,
                )
            except subprocess.TimeoutExpired:
                print(f"{shape:<16}{length:>9}{'> ' + str(int(args.timeout)):>10}")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            per_k = r["seconds"] / (r["chars"] / 1000)
            within = r["seconds"] <= budget.extract_timeout_seconds and r["peak_growth_mb"] <= (
                budget.extract_memory_mb or float("inf")
            )
            print(
                f"{shape:<16}{r['chars']:>9}{r['seconds']:>10.2f}{per_k:>12.3f}"
                f"{r['peak_growth_mb']:>10.0f}{'yes' if within else 'NO':>11}",
                flush=True,
            )


if __name__ == "__main__":
    main()
