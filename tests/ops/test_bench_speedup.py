"""bench/ingest_broker.speedup_report and proc_cpu.Sched: the 2 ÷ 1 ratio per round and the CPU
ceiling beside it, and the extraction workers' scheduler events."""

from __future__ import annotations

import os
import sys

import pytest

from bench.ingest_broker import BrokerRun, outside_extraction, speedup_report
from bench.proc_cpu import Sched


def _run(rate: float, extract: float, **rest: float) -> BrokerRun:
    return BrokerRun(rate, rate, extract, {"extract": extract, "bench": 5.0, **rest})


def test_the_ceiling_is_twice_one_process_extraction_over_all_that_two_spend() -> None:
    one = _run(6.0, 150.0, store=5.0, **{"pg workers": 7.0})
    two = _run(10.0, 160.0, store=6.0, supervisor=0.5, rabbitmq=0.5, **{"pg workers": 8.0})
    assert outside_extraction(two) == pytest.approx(15.0)  # the bench's own CPU left out
    report = speedup_report("pg", [one, one], [two, _run(12.0, 160.0, store=15.0)])
    lines = report.splitlines()
    assert "= 1.67 × 1" in lines[0]  # 10 ÷ 6
    assert "2·150.0/(160.0+15.0) = 1.71 ×" in lines[0]
    assert "= 2.00 × 1" in lines[1] and "= 1.71 ×" in lines[1]  # 2·150 ÷ (160 + 15)
    assert "median of the rounds' ratios 1.83 ×" in lines[2]
    assert "median ceiling 1.71 ×" in lines[2]
    # medians: e₁ 150, e₂ 160, s (15 + 15) / 2 = 15 -> 300 / 175
    assert "ceiling of the medians 2·150.0/(160.0+15.0) = 1.71 ×" in lines[2]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sched_counts_a_process_preempted_and_ignores_one_gone() -> None:
    before = Sched.of([os.getpid()])
    assert before.migrations >= 0 and before.preempted >= 0
    gone = Sched.of([2**22 + 7])  # above any pid this machine hands out
    assert gone == Sched()
    assert (before - Sched(1, 1)) == Sched(before.migrations - 1, before.preempted - 1)
