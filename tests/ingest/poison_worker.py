"""`dyad worker` whose extractor raises on any text holding POISON: a reproducible poison article
for the broker tests (the patch is inherited by the worker processes Dramatiq forks)."""

from __future__ import annotations

from typing import Any

from app.cli import app
from app.ingest import parallel

_real = parallel.extract_many


def _chokes_on_poison(articles: Any, **kw: Any) -> Any:
    if any("POISON" in a.text for a in articles):
        raise ValueError("parser choked on a poison article")
    return _real(articles, **kw)


parallel.extract_many = _chokes_on_poison  # type: ignore[assignment]

if __name__ == "__main__":
    app(["worker", "--processes", "1"])
