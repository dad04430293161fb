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

Modules: `outcomes` (extractor factories, per-article results), `worker` (the worker process),
`worker_handle` (the parent's end of one worker), `extraction_pool` (the pool and its retries).
"""

from app.extract.pool.extraction_pool import ExtractionPool
from app.extract.pool.outcomes import (
    ExtractionFailed,
    Extractor,
    ExtractorFactory,
    Failed,
    FailureKind,
    Result,
    default_factory,
    model_factory,
)

__all__ = [
    "ExtractionFailed",
    "ExtractionPool",
    "Extractor",
    "ExtractorFactory",
    "Failed",
    "FailureKind",
    "Result",
    "default_factory",
    "model_factory",
]
