"""The parent's handle on one worker process: start it, wait until it is ready, read its
messages within a budget, stop it."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING, Any

from app.extract.pool.outcomes import Failed
from app.extract.pool.worker import worker_main

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.process import BaseProcess

    from app.extract.pool.outcomes import ExtractorFactory

STARTUP_SECONDS = 600.0  # loading spaCy on a busy machine; not part of any article's budget


class WorkerHandle:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, factory: ExtractorFactory, memory_mb: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=worker_main, args=(child, factory, memory_mb), daemon=True
        )
        self.process.start()
        child.close()
        self.pid: int | None = None

    def wait_ready(self) -> Failed | None:
        kind, payload = self.recv(STARTUP_SECONDS)
        if kind == "ready":
            self.pid = payload
            return None
        self.kill()
        reason = payload if kind == "failed" else f"worker did not start: {kind}"
        return Failed("unavailable", f"the extractor could not start ({reason})")

    def recv(self, timeout: float) -> tuple[str, Any]:
        """The worker's next message; ("timeout", None) or ("died", None) when there is none."""
        try:
            if not self.conn.poll(timeout):
                return ("timeout", None)
            message: tuple[str, Any] = self.conn.recv()
            return message
        except (EOFError, OSError):
            return ("died", None)

    def alive(self) -> bool:
        return self.process.is_alive()

    def stop(self) -> None:
        """Kill the process but leave the pipe to the thread that drives it: closing a pipe
        another thread may be polling lets its file descriptor number be reused under that
        thread (it then reads, or closes, somebody else's file)."""
        if self.process.is_alive():
            self.process.kill()

    def kill(self) -> None:
        """Kill the process and close the pipe; only the thread that drives this worker."""
        self.stop()
        self.process.join(5)
        self.conn.close()
