"""A throwaway PostgreSQL server started from the installed binaries, for outage tests.

It lives in its own temporary data directory, listens only on 127.0.0.1 on a free port, and
can be stopped and started again while an app is talking to it. When running as root (initdb
refuses root) the server runs as the `postgres` system user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL bin folder that has initdb and pg_ctl, if any."""
    candidates = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        try:
            candidates.append((int(Path(d).parent.name), Path(d)))
        except ValueError:
            continue
    for _, d in sorted(candidates, reverse=True):
        if (d / "initdb").exists() and (d / "pg_ctl").exists():
            return d
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).parent
    return None


def unavailable_reason() -> str | None:
    """Why a throwaway server can't be started here, or None when it can."""
    if find_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run initdb as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to drop privileges for initdb"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayPostgres:
    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None, unavailable_reason()
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="dyad-pg-"))
        self.datadir = self.root / "data"
        self.logfile = self.root / "server.log"
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres"
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, check=True, cwd=self.root
        )

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )

    def start(self) -> None:
        opts = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-l",
            str(self.logfile),
            "-o",
            opts,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop")

    def pids(self) -> list[int]:
        """The postmaster and every process under it."""
        try:
            postmaster = int((self.datadir / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return []
        out, todo = [], [postmaster]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                # A backend may exit between being listed and being read: skip it.
                tasks = list(Path(f"/proc/{pid}/task").iterdir())
            except OSError:
                continue
            for task in tasks:
                with contextlib.suppress(OSError):
                    todo.extend(int(c) for c in (task / "children").read_text().split())
        return out

    def freeze(self) -> None:
        """Pause every server process (a hung server: TCP still accepts, nothing answers)."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def _signal(self, sig: int) -> None:
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):  # a backend that just exited
                os.kill(pid, sig)

    def is_running(self) -> bool:
        try:
            self._run("pg_ctl", "-D", str(self.datadir), "status")
        except subprocess.CalledProcessError:
            return False
        return True

    def cleanup(self) -> None:
        if (self.datadir / "postmaster.pid").exists():
            self.thaw()
        if self.datadir.exists() and self.is_running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
