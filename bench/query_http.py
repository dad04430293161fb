"""How bench/query.py asks: timed requests, req/s of two paths taking turns (httpx, or raw
keep-alive sockets that count gzipped bytes without decoding them), the server process's CPU,
and a uvicorn or in-process server to ask."""

from __future__ import annotations

import contextlib
import math
import os
import re
import selectors
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.proc_cpu import cpu_seconds


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def timed(get: Callable[[str], Any], path: str, repeat: int) -> tuple[list[float], int]:
    for _ in range(2):
        resp = get(path)
        if resp.status_code != 200:
            raise SystemExit(f"{path}: {resp.status_code} {resp.text[:300]}")
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        resp = get(path)
        samples.append((time.perf_counter() - t0) * 1000)
    return samples, len(resp.content)


def rates(
    get: Callable[[str], Any],
    paths: tuple[str, str],
    seconds: float,
    cpu: Callable[[], float],
    slice_s: float = 0.5,
    db: Callable[[], float] = lambda: 0.0,
) -> list[tuple[float, float, float]]:
    """For each path: requests per second, one after another, and the server's CPU ms per
    request (`cpu` reads the server's CPU seconds so far). The paths take turns in slices of
    `slice_s`, so a change in the machine's load hits both alike and their ratio holds; the
    CPU figure does not move with load the way req/s does. `db` reads the database's CPU
    seconds the same way (`database_cpu`): the third figure, ms per request."""
    done = [0, 0]
    wall = [0.0, 0.0]
    used = [0.0, 0.0]
    used_db = [0.0, 0.0]
    turn = 0
    while sum(wall) < seconds * 2:
        i = turn % 2
        t0, c0, d0 = time.perf_counter(), cpu(), db()
        while time.perf_counter() - t0 < slice_s:
            get(paths[i])
            done[i] += 1
        wall[i] += time.perf_counter() - t0
        used[i] += cpu() - c0
        used_db[i] += db() - d0
        turn += 1
    return [
        (done[i] / wall[i], used[i] / done[i] * 1000, used_db[i] / done[i] * 1000) for i in range(2)
    ]


class _Pending:
    """A connection's answer so far: the bytes received and, once the head is in, the length
    of the whole answer (head + Content-Length)."""

    __slots__ = ("buf", "need")

    def __init__(self) -> None:
        self.buf = bytearray()
        self.need = -1


_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)


def _complete(p: _Pending) -> bool:
    """True once `p` holds one whole answer (which must be a 200), and then empties it. The
    body is counted, never decoded: gzip stays compressed and JSON unparsed, as with wrk."""
    if p.need < 0:
        end = p.buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(p.buf[:end])
        if not head.startswith(b"HTTP/1.1 200 "):
            raise SystemExit(f"raw client: {head[:200]!r}")
        length = _CONTENT_LENGTH.search(head)
        if length is None:
            raise SystemExit(f"raw client: no Content-Length in {head[:300]!r}")
        p.need = end + 4 + int(length.group(1))
    if len(p.buf) < p.need:
        return False
    if len(p.buf) > p.need:
        raise SystemExit("raw client: bytes after the answer (nothing was pipelined)")
    p.buf.clear()
    p.need = -1
    return True


def raw_rates(
    port: int,
    paths: tuple[str, str],
    seconds: float,
    cpu: Callable[[], float],
    connections: int,
    slice_s: float = 0.5,
    db: Callable[[], float] = lambda: 0.0,
) -> list[tuple[float, float, float]]:
    """`rates` measured the way a load generator (wrk) measures a server: `connections`
    keep-alive connections, each sending its next GET as soon as its last answer is in, and
    the answers read as bytes (`Accept-Encoding: gzip` as a browser or httpx sends it; the
    body neither decompressed nor parsed). The client's CPU per request is then tens of µs
    whatever the body, so with enough connections the one server process is the bottleneck
    and the rate is the server's. The paths take turns in slices as in `rates`; a slice ends
    when its last answers are in, so no request of one path is counted for the other. `db`
    as in `rates`."""
    wire = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: */*\r\n"
            "Accept-Encoding: gzip, deflate\r\nUser-Agent: dyad-bench\r\n\r\n"
        ).encode("ascii")
        for path in paths
    ]
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ, _Pending())
        socks.append(sock)
    done = [0, 0]
    wall = [0.0, 0.0]
    used = [0.0, 0.0]
    used_db = [0.0, 0.0]
    turn = 0
    try:
        while sum(wall) < seconds * 2:
            i = turn % 2
            t0, c0, d0 = time.perf_counter(), cpu(), db()
            for sock in socks:
                sock.send(wire[i])
            waiting = connections
            while waiting:
                for key, _ in sel.select():
                    chunk = key.fileobj.recv(1 << 16)  # type: ignore[union-attr]
                    if not chunk:
                        raise SystemExit("raw client: the server closed a connection")
                    key.data.buf += chunk
                    if not _complete(key.data):
                        continue
                    done[i] += 1
                    if time.perf_counter() - t0 < slice_s:
                        key.fileobj.send(wire[i])  # type: ignore[union-attr]
                    else:
                        waiting -= 1
            wall[i] += time.perf_counter() - t0
            used[i] += cpu() - c0
            used_db[i] += db() - d0
            turn += 1
    finally:
        for sock in socks:
            sel.unregister(sock)
            sock.close()
        sel.close()
    return [
        (done[i] / wall[i], used[i] / done[i] * 1000, used_db[i] / done[i] * 1000) for i in range(2)
    ]


def process_cpu(pid: int) -> Callable[[], float]:
    """CPU seconds (user + system, every thread) of process `pid` so far, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    return read


def database_cpu(url: str) -> Callable[[], float] | None:
    """CPU seconds so far of the PostgreSQL backends serving `url`'s database, read from /proc
    (so only for a server on this machine, readable by this user); None otherwise. Backends
    are looked up on every read, since the pool opens them as it needs them."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.host not in ("127.0.0.1", "localhost"):
        return None
    import psycopg

    try:
        monitor = psycopg.connect(
            parsed.set(drivername="postgresql", database="postgres").render_as_string(
                hide_password=False
            ),
            autocommit=True,
        )
        pids = monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (parsed.database,)
        ).fetchall()
        readers = [process_cpu(int(p)) for (p,) in pids]
        for read in readers:
            read()
    except (psycopg.Error, OSError):
        return None

    def read() -> float:
        total = 0.0
        rows = monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (parsed.database,)
        ).fetchall()
        for (pid,) in rows:
            total += cpu_seconds(int(pid))  # 0.0 for a backend that just ended
        return total

    return read


@contextlib.contextmanager
def uvicorn_client(port: int) -> Iterator[tuple[Any, Callable[[], float]]]:
    """A uvicorn serving the app on 127.0.0.1 (one process, as `dyad serve` runs), a
    keep-alive HTTP client for it, and a reader of the server's CPU time."""
    import httpx

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=os.environ.copy(),
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(300):
                try:
                    if client.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            yield client, process_cpu(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def inproc_client() -> Iterator[tuple[Any, Callable[[], float]]]:
    """The app in this process; its CPU time is the client's too."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    with TestClient(create_app()) as client:
        yield client, time.process_time
