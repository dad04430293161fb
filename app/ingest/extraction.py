"""The extraction pool under the settings' budgets, and the process-wide one for callers that
bring none (the HTTP endpoints, the job worker thread, broker actors). See `app.extract.pool`.

The extractor is chosen here, once per process (`use_extractor`; default: Dyad's own), and
passed into every pool: tests and tools swap it in this one place."""

from __future__ import annotations

import threading
from functools import partial

from app.config import Settings, get_settings
from app.extract.pool import ExtractionPool, ExtractorFactory, model_factory

# None: Dyad's own extractor, on the spaCy model the settings name (DYAD_SPACY_MODEL).
_factory: ExtractorFactory | None = None
_shared: ExtractionPool | None = None
_lock = threading.Lock()


def make_pool(
    workers: int | None = None,
    factory: ExtractorFactory | None = None,
    settings: Settings | None = None,
) -> ExtractionPool:
    """A pool of `workers` (default DYAD_EXTRACT_WORKERS) processes within the budgets set by
    DYAD_EXTRACT_TIMEOUT_SECONDS and DYAD_EXTRACT_MEMORY_MB (`settings`, default the process's)."""
    settings = settings or get_settings()
    return ExtractionPool(
        factory or _factory or partial(model_factory, settings.spacy_model),
        workers=workers or settings.extract_workers,
        timeout=settings.extract_timeout_seconds,
        memory_mb=settings.extract_memory_mb,
    )


def shared_pool() -> ExtractionPool:
    """This process's pool, made on first use (its workers start on first extraction)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = make_pool()
        return _shared


def use_extractor(factory: ExtractorFactory) -> None:
    """Run `factory`'s extractor in every pool made from now on in this process (the shared
    pool is replaced; its workers are stopped)."""
    global _factory, _shared
    with _lock:
        _factory = factory
        if _shared is not None:
            _shared.close()
            _shared = None
