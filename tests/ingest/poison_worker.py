"""`dyad worker` whose writer raises on any text holding POISON: a reproducible poison article
for the broker tests (the patch is inherited by the worker processes Dramatiq forks). The writer,
not the extractor: an extractor's failure is that record's error, never the batch's."""

from __future__ import annotations

from typing import Any

from app.cli import app
from app.ingest import service

_real = service.store_extraction


def _chokes_on_poison(session: Any, extraction: Any, *rest: Any) -> Any:
    if "POISON" in extraction.article.text:
        raise ValueError("store choked on a poison article")
    return _real(session, extraction, *rest)


service.store_extraction = _chokes_on_poison  # type: ignore[assignment]

if __name__ == "__main__":
    app(["worker", "--processes", "1"])
