"""The pool: worker processes started on first use, each driven by one thread of this process,
with the retries that make one article over budget cost only its own record."""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import Any, Self, TypeVar

from app.extract.pool.outcomes import (
    ExtractionFailed,
    ExtractorFactory,
    Failed,
    Result,
    default_factory,
)
from app.extract.pool.worker_handle import WorkerHandle
from app.extract.records import ArticleInput, Extraction

T = TypeVar("T")


class ExtractionPool:
    """`workers` extraction processes, started on first use, each driven by one daemon thread of
    this process (daemon: a stopping server is never held up by an extraction in flight).
    Thread-safe."""

    def __init__(
        self,
        factory: ExtractorFactory = default_factory,
        *,
        workers: int = 1,
        timeout: float = 60.0,
        memory_mb: int = 1024,
    ) -> None:
        self.factory = factory
        self.workers = max(1, workers)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._tasks: queue.SimpleQueue[tuple[Future[list[Result]], list[ArticleInput]] | None]
        self._tasks = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._closed = threading.Event()
        self._live: set[WorkerHandle] = set()
        self._lock = threading.Lock()

    # -- public

    def submit(self, articles: list[ArticleInput]) -> Future[list[Result]]:
        """Extract `articles` in one worker; the future holds one result per article, in order."""
        future: Future[list[Result]] = Future()
        with self._lock:
            if not self._threads:
                for n in range(self.workers):
                    t = threading.Thread(target=self._loop, name=f"dyad-extract-{n}", daemon=True)
                    t.start()
                    self._threads.append(t)
        if self._closed.is_set():
            future.set_result(
                [Failed("unavailable", "the extraction pool is shut down")] * len(articles)
            )
        else:
            self._tasks.put((future, list(articles)))
        return future

    def extract(self, article: ArticleInput) -> Extraction:
        """One article's extraction, or `ExtractionFailed`."""
        result = self.submit([article]).result()[0]
        if isinstance(result, Failed):
            raise ExtractionFailed(result)
        return result

    def imap(
        self, batches: Iterable[tuple[T, list[ArticleInput]]]
    ) -> Iterator[tuple[T, list[Result]]]:
        """`(context, results)` for each `(context, articles)` batch, in input order, with a
        bounded window in flight (memory does not grow with the input)."""
        window: deque[tuple[T, Future[list[Result]] | None]] = deque()
        for context, articles in batches:
            window.append((context, self.submit(articles) if articles else None))
            while len(window) > 2 * self.workers:
                done, fut = window.popleft()
                yield done, (fut.result() if fut else [])
        for done, fut in window:
            yield done, (fut.result() if fut else [])

    def pids(self) -> set[int]:
        """Process ids of the live workers (for tests and diagnostics)."""
        with self._lock:
            return {w.pid for w in self._live if w.pid is not None and w.alive()}

    def close(self) -> None:
        """Stop every worker now (an extraction in flight fails as unavailable)."""
        self._closed.set()
        with self._lock:
            live = list(self._live)
            threads = len(self._threads)
        for _ in range(threads):
            self._tasks.put(None)
        # The driving threads see the pipe end (EOF) and retire their workers themselves.
        for w in live:
            w.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- inside the pool's threads

    def _loop(self) -> None:
        worker: WorkerHandle | None = None  # this thread's process, replaced when it is over budget
        while (task := self._tasks.get()) is not None:
            future, articles = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                results, worker = self._attempt(worker, articles, retry_singly=len(articles) > 1)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller waiting on it
                future.set_exception(exc)
            else:
                future.set_result(results)
        if worker is not None:
            self._retire(worker)

    def _start(self) -> tuple[WorkerHandle | None, Failed | None]:
        if self._closed.is_set():
            return None, Failed("unavailable", "the extraction pool is shut down")
        worker = WorkerHandle(self.factory, self.memory_mb)
        with self._lock:
            self._live.add(worker)
        failed = worker.wait_ready()
        if failed is not None:
            self._retire(worker)
            return None, failed
        return worker, None

    def _retire(self, worker: WorkerHandle) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def _attempt(
        self, worker: WorkerHandle | None, articles: list[ArticleInput], *, retry_singly: bool
    ) -> tuple[list[Result], WorkerHandle | None]:
        if worker is not None and not worker.alive():
            self._retire(worker)
            worker = None
        if worker is None:
            worker, failed = self._start()
            if worker is None:
                assert failed is not None
                return [failed] * len(articles), None
        try:
            worker.conn.send(articles)
        except (OSError, ValueError):
            self._retire(worker)
            return [Failed("unavailable", "the extraction worker went away")] * len(articles), None
        results: list[Result] = []
        while len(results) < len(articles):
            kind, payload = worker.recv(self.timeout)
            if kind in ("ok", "error"):
                results.append(payload if kind == "ok" else Failed("error", payload))
                continue
            # Over the time budget, out of memory, or dead: the worker is replaced. A batch's
            # unanswered articles are tried again one by one, so only the culprit fails.
            self._retire(worker)
            worker = None
            rest = articles[len(results) :]
            if retry_singly:
                for article in rest:
                    single, worker = self._attempt(worker, [article], retry_singly=False)
                    results += single
                return results, worker
            return results + [self._failure(kind, payload)], None
        return results, worker

    def _failure(self, kind: str, payload: Any) -> Failed:
        if kind == "memory":
            return Failed("memory", str(payload))
        if self._closed.is_set():
            return Failed("unavailable", "the extraction pool is shut down")
        if kind == "timeout":
            return Failed(
                "time",
                f"extraction went over its time budget of {self.timeout:g} s "
                "(DYAD_EXTRACT_TIMEOUT_SECONDS)",
            )
        return Failed("died", "the extraction worker died (killed, or out of memory)")
