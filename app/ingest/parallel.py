"""Extraction over batches of articles, in this process or in a pool of worker processes.

With `workers > 1` the NLP model is loaded only in the pool's processes; this process stays the
one writer. A bounded window of batches is in flight at once, so memory does not grow with the
size of the input and the writer stores batch k while the pool parses batches k+1….
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import TypeVar

from app.extract import extract_many
from app.extract.records import ArticleInput, Extraction

T = TypeVar("T")


def _extract_batch(articles: list[ArticleInput]) -> list[Extraction]:
    return list(extract_many(articles, batch_size=max(1, len(articles))))


def extract_batches(
    batches: Iterable[tuple[T, list[ArticleInput]]], *, workers: int = 1
) -> Iterator[tuple[T, list[Extraction]]]:
    """Yield `(context, extractions)` for each `(context, articles)` batch, in input order."""
    if workers <= 1:
        for context, articles in batches:
            yield context, (_extract_batch(articles) if articles else [])
        return
    # spawn, not fork: the parent may run threads (progress bar, job worker) that fork would copy
    # mid-lock.
    ctx = multiprocessing.get_context("spawn")
    # No pool initializer: a failing initializer makes Pool respawn workers forever. The model
    # loads inside the first task instead, so a broken extractor surfaces as that task's error.
    pool: Pool = ctx.Pool(workers)
    window: deque[tuple[T, AsyncResult[list[Extraction]] | None]] = deque()
    try:
        for context, articles in batches:
            window.append(
                (context, pool.apply_async(_extract_batch, (articles,)) if articles else None)
            )
            while len(window) > 2 * workers:
                done_context, result = window.popleft()
                yield done_context, (result.get() if result else [])
        while window:
            done_context, result = window.popleft()
            yield done_context, (result.get() if result else [])
        pool.close()
    finally:
        pool.terminate()
        pool.join()
