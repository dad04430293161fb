"""The worker process: builds its extractor once, caps its memory, and answers batches of
articles one result at a time until told to stop or over budget."""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection

    from app.extract.pool.outcomes import Extractor, ExtractorFactory
    from app.extract.records import ArticleInput


def _vm_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_KEEP_FREED = 1 << 30  # free memory at the heap's top kept, not handed back to the kernel
_MMAP_ABOVE = 32 << 20  # blocks of this size and more still get their own mapping


def keep_freed_memory() -> bool:
    """Let malloc keep the memory an extraction frees for the next one (glibc; False elsewhere).

    By default glibc hands large blocks (each batch's arrays) to the kernel as soon as they are
    freed (their own mappings, and the heap's top trimmed), so every batch faults its pages in
    again: about 8,000 page faults per CPU second in a VOA extraction worker, 5-9 % of its CPU
    in the kernel, more with two workers faulting at once on this VM. Kept, they are reused:
    the worker's resident size stays at its high-water mark (a few hundred MB) instead of
    swinging below it between batches."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to ask, or one without mallopt
        return False
    return bool(mallopt(_M_TRIM_THRESHOLD, _KEEP_FREED) and mallopt(_M_MMAP_THRESHOLD, _MMAP_ABOVE))


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


def worker_main(conn: Connection, factory: ExtractorFactory, memory_mb: int) -> None:
    _exit_with_parent()
    keep_freed_memory()
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
