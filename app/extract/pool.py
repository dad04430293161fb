"""The one extraction pool: spaCy runs in worker processes, each article within a time and memory
budget, and a worker over budget (or dead) is killed and replaced.

Used by `dyad ingest`, `dyad extract`, `dyad reprocess`, ingest jobs and the HTTP endpoints alike,
so the serving interpreter never parses text and a hostile article costs only its own record.

- **spawn**, never fork: the parent runs threads (HTTP thread pool, job worker, progress bar) that
  a fork would copy mid-lock; each worker loads the model itself, once, when it starts.
- **The extractor is passed in** as a picklable factory (a module-level function) called once in
  each worker; it returns the function that turns a batch of articles into their extractions,
  yielded one by one in order. Tests pass their own (slow, greedy, poisoned) factories.
- **Budgets**: each result must arrive within `timeout` seconds of the previous one (of the
  task's start for the first), else the worker is killed; the worker's address space is capped at
  its warmed size plus `memory_mb` (RLIMIT_AS), so an allocation over it fails in the worker,
  which reports it and exits. The articles of a batch left unanswered are tried again one by one
  in a fresh worker, so only the article that is over budget fails.
- **Per-record errors**: an exception raised for one article becomes that article's `Failed`
  result; the others of its batch are still extracted.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Literal, Self, TypeVar

from app.extract.records import ArticleInput, Extraction

T = TypeVar("T")
Extractor = Callable[[list[ArticleInput]], Iterator[Extraction]]
ExtractorFactory = Callable[[], Extractor]
FailureKind = Literal["time", "memory", "died", "error", "unavailable"]

STARTUP_SECONDS = 600.0  # loading spaCy on a busy machine; not part of any article's budget


@dataclass(frozen=True)
class Failed:
    """Why one article has no extraction."""

    kind: FailureKind
    reason: str


Result = Extraction | Failed


class ExtractionFailed(Exception):
    """Raised by `ExtractionPool.extract` for a single article that failed."""

    def __init__(self, failed: Failed) -> None:
        super().__init__(failed.reason)
        self.failed = failed


def model_factory(model: str) -> Extractor:
    """Dyad's own extractor on the spaCy package `model` ("" = the first installed one); with
    `functools.partial` it is a factory a spawned worker can run."""
    from app.extract.nlp import use_model

    use_model(model)
    return default_factory()


def default_factory() -> Extractor:
    """Dyad's own extractor: the model and lexicons loaded, then `nlp.pipe` over each batch."""
    from app.extract.pipeline import extract_many, warm_up

    warm_up()

    def run(articles: list[ArticleInput]) -> Iterator[Extraction]:
        return extract_many(articles, batch_size=max(1, len(articles)))

    return run


# ---------------------------------------------------------------------------- worker process


def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _cap_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        limit = _vm_bytes() + memory_mb * 1024 * 1024
    except OSError:  # no /proc: no cap rather than a wrong one
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _exit_with_parent() -> None:
    """Die when the parent does (killed, or stopped while this worker is mid-article): an
    orphan would otherwise finish a hostile article nobody waits for."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="dyad-extract-parent-watch", daemon=True).start()


def _worker_main(conn: Connection, factory: ExtractorFactory, memory_mb: int) -> None:
    _exit_with_parent()
    try:
        extractor = factory()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the task
        conn.send(("failed", f"{exc.__class__.__name__}: {exc}"[:500]))
        return
    _cap_memory(memory_mb)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            articles: list[ArticleInput] | None = conn.recv()
        except EOFError:
            return
        if articles is None:
            return
        if not _serve(conn, extractor, articles):
            return  # over the memory budget: this process may be damaged, let it be replaced


def _serve(conn: Connection, extractor: Extractor, articles: list[ArticleInput]) -> bool:
    """Send one result per article; False when the worker must exit (memory exhausted)."""
    sent = 0
    try:
        for extraction in extractor(articles):
            conn.send(("ok", extraction))
            sent += 1
    except MemoryError:
        if len(articles) - sent == 1:
            conn.send(("memory", "extraction went over its memory budget (DYAD_EXTRACT_MEMORY_MB)"))
        return False  # the rest of a batch goes unanswered: the parent retries it one by one
    except Exception as exc:  # noqa: BLE001 - one article's failure must cost only that article
        if len(articles) - sent == 1:
            conn.send(("error", f"extraction failed ({exc.__class__.__name__}: {exc})"[:500]))
            return True
        for article in articles[sent:]:  # which article raised is unknown: each on its own
            if not _serve(conn, extractor, [article]):
                return False
    return True


# ---------------------------------------------------------------------------- parent side


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, factory: ExtractorFactory, memory_mb: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child, factory, memory_mb), daemon=True
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
        self._live: set[_Worker] = set()
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
        worker: _Worker | None = None  # this thread's process, replaced when it is over budget
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

    def _start(self) -> tuple[_Worker | None, Failed | None]:
        if self._closed.is_set():
            return None, Failed("unavailable", "the extraction pool is shut down")
        worker = _Worker(self.factory, self.memory_mb)
        with self._lock:
            self._live.add(worker)
        failed = worker.wait_ready()
        if failed is not None:
            self._retire(worker)
            return None, failed
        return worker, None

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)

    def _attempt(
        self, worker: _Worker | None, articles: list[ArticleInput], *, retry_singly: bool
    ) -> tuple[list[Result], _Worker | None]:
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
