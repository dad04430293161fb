"""`dyad ingest --workers 2` SIGKILLed twice at random moments, then rerun, ends exactly where an
uninterrupted run ends; the killed run's extraction workers do not linger.

Extends tests/ingest/test_kill_rerun.py (one kill at a fixed point, one process): here the kill
moments are random (seed printed), the extraction runs in a worker pool, and the run is
interrupted twice before it is allowed to finish.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine

from tests.conftest import _empty_tables
from tests.ingest.corpus import write_jsonl
from tests.ingest.test_kill_rerun import article_count, snapshot

TOTAL = 60
ROOT = Path(__file__).resolve().parents[2]


def dyad_ingest(path: Path) -> subprocess.Popen[bytes]:
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "ingest",
        "--workers",
        "2",
        "--batch-size",
        "2",
        str(path),
    ]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (read from /proc, no extra packages)."""
    out: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for c in map(int, children):
                if c not in out:
                    out.add(c)
                    todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def kill_mid_run(corpus: Path, rng: random.Random, already: int) -> int:
    """Start an ingest, SIGKILL it at a random point after it has stored a random number (at
    least one, at most a third of the corpus) of new articles; return how many articles were
    stored when it died. The point is counted in articles, not seconds, so the kills land mid-run
    however fast extraction is on the machine."""
    proc = dyad_ingest(corpus)
    target = already + rng.randint(1, TOTAL // 3)
    deadline = time.monotonic() + 180
    while article_count() < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.02))
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # The pool's processes notice their parent is gone and exit; none may keep running.
    limit = time.monotonic() + 20
    while any(alive(w) for w in workers) and time.monotonic() < limit:
        time.sleep(0.1)
    lingering = [w for w in workers if alive(w)]
    for w in lingering:
        os.kill(w, signal.SIGKILL)
    assert not lingering, f"extraction workers outlived the killed ingest: {lingering}"
    return article_count()


def test_random_sigkills_with_worker_pool_then_rerun_equals_clean_run(
    tmp_path: Path, db: Engine
) -> None:
    seed = int(os.environ.get("DYAD_KILL_SEED", random.SystemRandom().randrange(1 << 30)))
    print(f"kill seed {seed} (set DYAD_KILL_SEED to replay)")
    rng = random.Random(seed)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", TOTAL)

    stored = 0
    for _ in range(2):
        stored = kill_mid_run(corpus, rng, stored)
        partial = snapshot()
        assert len(partial["articles"]) == stored  # type: ignore[arg-type]
        # Whole articles only: every corpus text names people and places, so each has mentions.
        assert all(m > 0 for _, _, m in partial["articles"].values())  # type: ignore[attr-defined]
    assert 0 < stored < TOTAL, f"the kills must land mid-run (stored {stored} of {TOTAL})"
    print(f"stored {stored} of {TOTAL} when the second kill landed")

    assert dyad_ingest(corpus).wait(timeout=300) == 0
    resumed = snapshot()

    _empty_tables(db)
    assert dyad_ingest(corpus).wait(timeout=300) == 0
    clean = snapshot()
    assert len(clean["articles"]) == TOTAL  # type: ignore[arg-type]
    assert resumed == clean
