"""The `dyad` Typer app, its `--version` option, `migrate`, and the one way a command fails."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console

from app.config import get_settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Dyad: news text in, coded political events out.",
)
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    """`dyad --version`: the package's version and the extractor's, whose output it stamps."""
    if not value:
        return
    from importlib.metadata import version

    from app.extract.version import EXTRACTOR_VERSION

    typer.echo(f"dyad {version('dyad')} ({EXTRACTOR_VERSION})")
    raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the package and extractor versions, then exit.",
        ),
    ] = False,
) -> None:
    """Dyad: news text in, coded political events out."""


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr and a non-zero exit: the CLI's answer to bad input."""
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def migrate() -> None:
    """Bring the database schema to the latest revision (alembic upgrade head)."""
    from app import migrate as m

    url = get_settings().database_url
    try:
        m.upgrade(url)
    except Exception as exc:  # noqa: BLE001 - any failure here is reported as one line
        fail(
            f"migration failed: {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else ''}"
        )
    err.print(f"database at head ({m.head_revision(url)})", highlight=False)
