"""The `dyad` command: serve, migrate, ingest, reprocess, extract, worker, api-key.

One module per command (`root` holds the app, `--version` and `migrate`); importing them here
registers the commands, in the order `dyad --help` lists them.
"""
# ruff: noqa: I001 - the import order is the order of the commands in `dyad --help`

from app.cli.root import app
from app.cli import ingest, reprocess, worker, api_keys, extract, serve  # noqa: F401

__all__ = ["app"]
