"""An extraction worker keeps the memory it frees for the next batch (glibc's malloc would hand
large blocks back to the kernel at once, so every batch faulted its pages in again)."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from app.extract.pool import ExtractionPool
from app.extract.records import ArticleInput
from tests.extract.fake_extractors import churning

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's mallopt on Linux",
)

# RSS (kB) after 64 blocks of 1 MB are allocated, touched and freed, minus before: printed by a
# fresh interpreter, with or without keep_freed_memory() first.
RSS_AFTER_FREE = """
import sys
from app.extract.pool.worker import keep_freed_memory
if sys.argv[1] == "keep":
    assert keep_freed_memory()
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4
before = rss()
blocks = [bytearray(1 << 20) for _ in range(64)]
for b in blocks:
    b[::4096] = b"x" * len(b[::4096])
del blocks
print(rss() - before)
"""


def _rss_kept_kb(mode: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", RSS_AFTER_FREE, mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    return int(out.stdout)


def test_freed_blocks_stay_with_the_process_only_when_asked() -> None:
    assert _rss_kept_kb("default") < 16 * 1024  # glibc unmapped them on free
    assert _rss_kept_kb("keep") > 48 * 1024  # kept for the next allocations


def _minor_faults(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def test_a_pool_worker_reuses_freed_memory_batch_after_batch() -> None:
    # Each article allocates and frees 40 MB: 10,240 pages that a worker handing its freed
    # memory back to the kernel would fault in again for every article.
    articles = [ArticleInput(text=f"Article {i}.", date=dt.date(2024, 1, 1)) for i in range(12)]
    with ExtractionPool(churning, workers=1) as pool:
        assert len(pool.submit(articles[:2]).result()) == 2  # started, memory high-water reached
        (pid,) = pool.pids()
        before = _minor_faults(pid)
        for i in range(2, 12, 2):
            assert len(pool.submit(articles[i : i + 2]).result()) == 2
        faults = _minor_faults(pid) - before
    assert faults < 10 * 1024, f"{faults} page faults for 10 articles of 40 MB each"
