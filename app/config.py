"""All runtime settings in one place, read from `DYAD_*` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DYAD_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./data/dyad.sqlite3",
        description="SQLAlchemy URL; sqlite:///… (embedded) or postgresql+psycopg://…",
    )
    seeds_dir: str = Field(
        "seeds",
        description="Folder `dyad ingest` reads when given no path (`make serve` ingests it when "
        "the database is empty).",
    )
    host: str = Field("127.0.0.1", description="Address `dyad serve` binds to.")
    port: int = Field(8000, description="Port `dyad serve` listens on.")
    page_size: int = Field(50, ge=1, description="Default page size for list endpoints.")
    max_page_size: int = Field(500, ge=1, description="Largest `limit` a client may ask for.")
    max_article_chars: int = Field(200_000, ge=1, description="Longest article text accepted.")
    max_body_bytes: int = Field(5_000_000, ge=1, description="Largest HTTP request body accepted.")
    max_job_articles: int = Field(10_000, ge=1, description="Most articles in one ingest job.")
    public_base_url: str = Field(
        "",
        description="Public URL of the API (https://dyad.example.org) used in `next` and `Link`; "
        "empty = relative links (the request's Host header is never echoed).",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto "
        "`dyad serve` believes; empty = none (the peer address is the client).",
    )
    cors_origins: str = Field(
        "", description="Comma-separated origins allowed by CORS; empty = CORS off."
    )
    require_read_key: bool = Field(False, description="Require an API key for GET requests too.")
    rate_limit_per_minute: int = Field(
        600, ge=0, description="Requests per minute per key or client address; 0 = off."
    )
    max_concurrent_exports: int = Field(
        8,
        ge=1,
        description="Streamed exports (format=csv|geojson|ndjson) running at once; more get a 503 "
        "with Retry-After, so exports never hold every database connection.",
    )
    export_stall_seconds: float = Field(
        30.0,
        gt=0,
        description="An export whose client reads nothing for this long is stopped and its "
        "connection freed.",
    )
    shutdown_grace_seconds: int = Field(
        5, ge=0, description="On SIGTERM, how long `dyad serve` lets requests in flight finish."
    )
    db_timeout_seconds: float = Field(
        5.0, gt=0, description="How long a request waits for the database before 503."
    )
    extract_workers: int = Field(
        1,
        ge=1,
        description="Extraction worker processes of the API process (POST /articles, POST /extract "
        "and the embedded job worker) and of `dyad worker`; `dyad ingest --workers` sets its own.",
    )
    extract_timeout_seconds: float = Field(
        60.0,
        gt=0,
        description="Time budget of one article's extraction; over it the worker is killed and "
        "replaced, and the article is refused (422 over HTTP, a per-record error in the CLI "
        "and jobs).",
    )
    extract_memory_mb: int = Field(
        1024,
        ge=0,
        description="Memory budget of one article's extraction, over the warmed worker's size "
        "(RLIMIT_AS); over it the article is refused as above. 0 = no cap.",
    )
    spacy_model: str = Field("", description="spaCy model package to load; empty = en_core_web_sm.")
    log_level: str = Field("INFO", description="Python logging level.")
    cache_max_age: int = Field(
        60, ge=0, description="Cache-Control max-age (seconds) sent with successful GET responses."
    )
    log_format: str = Field(
        "json", description="`json` (one JSON object per line, with request id) or `text`."
    )
    ingest_batch_size: int = Field(
        16,
        ge=1,
        description="Articles per extraction batch (one worker-process task) in `dyad ingest`, "
        "`reprocess` and jobs; each article is still stored in its own transaction.",
    )
    job_worker: bool = Field(
        True,
        description="Run the embedded ingest-job worker thread inside the API process; false = "
        "jobs wait for `dyad worker`.",
    )
    job_poll_seconds: float = Field(
        2.0, gt=0, description="How often an idle job worker looks for queued jobs."
    )
    job_stale_seconds: float = Field(
        120.0,
        gt=0,
        description="A running job (or batch) whose heartbeat is older than this is taken up again "
        "by another worker.",
    )
    broker_url: str = Field(
        "",
        description="amqp://… of a RabbitMQ: ingest jobs are split into batches and sent through "
        "Dramatiq to `dyad worker` processes; empty = the embedded in-process worker.",
    )
    queue_prefix: str = Field(
        "dyad",
        description="Prefix of the broker queue names, so several deployments (or test runs) can "
        "share one RabbitMQ.",
    )
    # 16, not 8: per-batch bookkeeping (job rows, ack, a connection) halves, which brought the
    # 2-worker broker's overhead vs the embedded pool from +6.4 % to +2.9-5.7 % (bench/ingest.py)
    job_batch_size: int = Field(
        16,
        ge=1,
        description="Articles per broker message (one unit of retry and redelivery); a job's "
        "last batches are smaller (see app.ingest.batches.batch_sizes).",
    )
    batch_max_retries: int = Field(
        3,
        ge=0,
        description="Retries of a failing batch before it goes to the dead-letter queue.",
    )
    batch_retry_backoff_ms: int = Field(
        2000, ge=1, description="First retry delay of a failing batch; doubles per retry."
    )
    serve_workers: int = Field(
        1,
        ge=1,
        description="API processes `dyad serve` runs (set by `dyad serve --workers`); above 1, "
        "rate-limit buckets are shared through Redis or the database.",
    )
    redis_url: str = Field(
        "",
        description="redis://… shared by all API processes for rate limiting; empty = the "
        "database.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
