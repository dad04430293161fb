"""`dyad worker` that pauses after storing each article: a batch is stored one article at a time
over seconds, so the broker tests can kill its worker with part of a batch stored (a batch is
extracted as one task, and its articles are otherwise stored within milliseconds of each other).
The patch is inherited by the worker processes Dramatiq forks."""

from __future__ import annotations

import time
from typing import Any

from app.cli import app
from app.ingest import service

_real = service.store_one


def _slow_store_one(*args: Any, **kwargs: Any) -> Any:
    outcome = _real(*args, **kwargs)
    time.sleep(0.5)  # after the commit: the article and its record row are visible
    return outcome


service.store_one = _slow_store_one  # type: ignore[assignment]

if __name__ == "__main__":
    app(["worker", "--processes", "1"])
