"""bench/proc_cpu.CpuLedger: CPU by role of processes that end or start inside the window."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from bench.proc_cpu import CpuLedger, cpu_seconds

BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < {s}: pass\n"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _burning(seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", BURN.format(s=seconds)])


def test_a_process_that_ends_inside_the_window_keeps_its_last_reading() -> None:
    # Old way: read at start and end only, a process gone by the end read 0.0 and its CPU
    # before the window came out negative.
    early = _burning(0.6)
    while cpu_seconds(early.pid) < 0.2:
        time.sleep(0.02)
    late = None
    ledger = CpuLedger(lambda: {p.pid: "worker" for p in (early, late) if p is not None})
    ledger.read()
    before = ledger.first[next(iter(ledger.first))][1]
    assert before >= 0.2
    while early.poll() is None:
        ledger.read()  # the polls of a job
        time.sleep(0.02)
    early_used = ledger.used()["worker"]
    assert 0.6 - before - 0.1 <= early_used <= 0.6 - before + 0.1
    late = _burning(0.3)  # starts inside the window: counted from zero
    while late.poll() is None:
        ledger.read()
        time.sleep(0.02)
    ledger.read()
    assert 0.3 - 0.1 <= ledger.used()["worker"] - early_used <= 0.3 + 0.15


def test_a_reused_pid_is_another_process() -> None:
    ledger = CpuLedger(lambda: {})
    ledger.first[(123, 1)] = ("worker", 5.0)
    ledger.last[(123, 1)] = 6.0
    ledger.first[(123, 2)] = ("worker", 0.0)
    ledger.last[(123, 2)] = 0.5
    assert ledger.used() == {"worker": 1.5}
