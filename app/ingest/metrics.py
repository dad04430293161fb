"""Ingestion counters, shared by the CLI, HTTP ingestion and the job worker."""

from __future__ import annotations

from prometheus_client import Counter

ARTICLES_INGESTED = Counter(
    "dyad_articles_ingested_total", "Articles stored (duplicates excluded)."
)
ARTICLE_DUPLICATES = Counter(
    "dyad_article_duplicates_total", "Articles skipped because their text was already stored."
)
EVENTS_INGESTED = Counter("dyad_events_ingested_total", "Events stored.")
INGEST_ERRORS = Counter(
    "dyad_ingest_errors_total",
    "Records refused (unreadable, invalid, too long) or failed to store.",
)
