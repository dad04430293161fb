"""`dyad serve`: the REST API under uvicorn."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.root import app, err
from app.config import get_settings

if TYPE_CHECKING:  # pragma: no cover
    pass


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default DYAD_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default DYAD_PORT).")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="API processes (default: the number of cores). Above 1, rate limits are shared "
            "through Redis (DYAD_REDIS_URL) or the database.",
        ),
    ] = None,
) -> None:
    """Serve the REST API (docs at /docs)."""
    import uvicorn

    from app.logs import configure_logging

    n = workers or os.cpu_count() or 1
    # Read by every worker process as it builds the app (it picks the rate-limit store).
    os.environ["DYAD_SERVE_WORKERS"] = str(n)
    get_settings.cache_clear()
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if n > 1 and settings.job_worker and not settings.broker_url:
        # One embedded job worker per process would be N; they share the queue safely, but say so.
        err.print(
            f"{n} API processes each run an embedded job worker; set DYAD_BROKER_URL to move "
            "ingestion to `dyad worker` processes",
            highlight=False,
        )
    uvicorn.run(
        "app.main:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=n if n > 1 else None,
        # With several processes the accepted connections would keep Nagle on (app/api/nodelay).
        http="app.api.nodelay:NoDelayH11Protocol",
        # uvicorn restarts a worker that misses its health check (5 s by default); on a busy
        # machine a healthy worker can be that slow, and the restarts then never end.
        timeout_worker_healthcheck=30,
        # Forwarded headers only from configured proxies: trusted from anyone (or any loopback
        # peer), each spoofed X-Forwarded-For value would be a fresh rate-limit bucket.
        proxy_headers=bool(settings.trusted_proxies.strip()),
        forwarded_allow_ips=settings.trusted_proxies.strip() or None,
        log_level=settings.log_level.lower(),
        log_config=None,
        # SIGTERM waits this long for requests in flight, then stops: a long extraction must not
        # keep a stopping server alive (its worker thread dies with the process).
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )
