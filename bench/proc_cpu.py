"""CPU and idle time of processes, read from /proc, for `bench/ingest.py --broker`: CPU seconds
by process, the roles of a `dyad worker` session's processes, PostgreSQL server processes by
whose session they serve, and a sampler of extraction workers' busy time (scheduler statistics:
time on a core plus time waiting for one, so a loaded machine does not read as idle)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

BENCH_APP = "dyad-bench"  # application_name of the bench's own PostgreSQL sessions
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` (all its threads) so far; 0.0 once it is gone."""
    fields = _stat(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / TICK


def _boot_ticks() -> int:
    """Clock ticks since boot now: the unit of a process's start time in /proc/<pid>/stat."""
    return int(float(Path("/proc/uptime").read_text().split()[0]) * TICK)


@dataclass
class CpuLedger:
    """CPU seconds by role of a set of processes that changes during a window (a job): worker
    processes and PostgreSQL backends can end, or start, inside it. `find` names the processes
    of interest (pid -> role); call `read` at the window's start, as often as convenient during
    it, and at its end, then `used`.

    Each process is keyed by its pid and start time, so a reused pid counts as another process.
    It is counted from its first reading (from zero when it started inside the window) to its
    last: one that ends between two readings keeps its last one, so at most the time between
    readings of its CPU is missed, and nothing is counted negative. (Read at the start and end
    only, a process gone by the end read 0.0 there, and its whole CPU before the window was
    subtracted from its role.)"""

    find: Callable[[], dict[int, str]]
    start: int = field(default_factory=_boot_ticks)
    first: dict[tuple[int, int], tuple[str, float]] = field(default_factory=dict)
    last: dict[tuple[int, int], float] = field(default_factory=dict)

    def read(self) -> None:
        for pid, role in self.find().items():
            fields = _stat(pid)
            if fields is None:
                continue  # ended since `find` named it: its last reading stands
            key = (pid, int(fields[19]))
            cpu = (int(fields[11]) + int(fields[12])) / TICK
            if key not in self.first:
                self.first[key] = (role, 0.0 if key[1] >= self.start else cpu)
            self.last[key] = cpu

    def used(self) -> dict[str, float]:
        """CPU seconds per role between the first and the last readings."""
        by_role: dict[str, float] = {}
        for key, (role, base) in self.first.items():
            by_role[role] = by_role.get(role, 0.0) + max(0.0, self.last[key] - base)
        return by_role


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def session_processes(sid: int) -> dict[int, str]:
    """Live processes of session `sid` (a `dyad worker` started in its own session) by role."""
    roles: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is None or int(fields[3]) != sid:
            continue
        pid, cmd = int(entry.name), _cmdline(int(entry.name))
        if pid == sid or "resource_tracker" in cmd:
            roles[pid] = "supervisor"
        elif "spawn_main" in cmd:
            roles[pid] = "extract"
        else:
            roles[pid] = "store"
    return roles


def named_processes(comm: str) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == comm:
                out.add(int(entry.name))
        except OSError:
            continue
    return out


def backends(factory: sessionmaker) -> dict[int, str]:  # type: ignore[type-arg]
    """PostgreSQL server processes of this database's sessions: the bench's own (its engine sets
    application_name) or the workers'."""
    with factory() as session:
        rows = session.execute(
            text(
                "SELECT pid, application_name FROM pg_stat_activity "
                "WHERE datname = current_database()"
            )
        ).all()
    return {pid: ("pg bench" if app == BENCH_APP else "pg workers") for pid, app in rows}


def busy_seconds(pid: int) -> float:
    """Seconds the main thread of `pid` has run or waited for a core (scheduler statistics)."""
    try:
        run, wait, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    except (OSError, ValueError):
        return 0.0
    return (int(run) + int(wait)) / 1e9


@dataclass(frozen=True)
class Sched:
    """Scheduler events of processes' main threads (/proc/<pid>/sched), summed: moves to another
    core (its caches cold there) and preemptions (taken off a core while it could still run)."""

    migrations: int = 0
    preempted: int = 0

    @classmethod
    def of(cls, pids: list[int]) -> Sched:
        migrations = preempted = 0
        for pid in pids:
            try:
                lines = Path(f"/proc/{pid}/sched").read_text().splitlines()
            except OSError:
                continue
            fields = {k.strip(): v.strip() for k, _, v in (ln.partition(":") for ln in lines)}
            migrations += int(float(fields.get("se.nr_migrations", "0")))
            preempted += int(float(fields.get("nr_involuntary_switches", "0")))
        return cls(migrations, preempted)

    def __sub__(self, other: Sched) -> Sched:
        return Sched(self.migrations - other.migrations, self.preempted - other.preempted)


@dataclass
class Idle:
    """An extraction worker's idle time during the job (seconds)."""

    total: float
    head: float  # before its first work
    tail: float  # after its last work


class Sampler(threading.Thread):
    """Samples the extraction workers' busy time every `period` seconds until stopped."""

    def __init__(self, pids: list[int], period: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pids, self.period = pids, period
        self.samples: list[tuple[float, list[float]]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while True:
            self.samples.append((time.time(), [busy_seconds(p) for p in self.pids]))
            if self.stop.wait(self.period):
                return

    def idle(self, start: float, end: float) -> list[Idle]:
        out = []
        points = [(t, b) for t, b in self.samples if start <= t <= end]
        for i in range(len(self.pids)):
            series = [(t, b[i]) for t, b in points]
            worked = [
                (t0, t1)
                for (t0, b0), (t1, b1) in zip(series, series[1:], strict=False)
                if b1 - b0 > 0.5 * (t1 - t0)
            ]
            busy = series[-1][1] - series[0][1] if series else 0.0
            head = worked[0][0] - start if worked else end - start
            tail = end - worked[-1][1] if worked else 0.0
            out.append(Idle(max(0.0, (end - start) - busy), max(0.0, head), max(0.0, tail)))
        return out
