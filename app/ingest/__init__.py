"""Ingestion: read articles, run extraction, store each article's records in one transaction."""
