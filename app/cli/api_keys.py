"""`dyad api-key create|list|revoke`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.root import app, err, fail

if TYPE_CHECKING:  # pragma: no cover
    pass


api_key = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys.")
app.add_typer(api_key, name="api-key")


@api_key.command("create")
def api_key_create(
    name: Annotated[str, typer.Option("--name", help="Who or what the key is for.")],
    scope: Annotated[str, typer.Option("--scope", help="read, write or admin.")] = "write",
) -> None:
    """Create a key and print it once (only its SHA-256 is stored)."""
    from app.db import get_sessionmaker
    from app.security.keys import SCOPES, create_key

    if scope not in SCOPES:
        fail(f"--scope must be one of {', '.join(SCOPES)}")
    with get_sessionmaker().begin() as session:
        issued = create_key(session, name, scope)
    err.print(
        f"created key {issued.id} ({scope}) for {name!r}; it is shown only now:", highlight=False
    )
    sys.stdout.write(issued.key + "\n")


@api_key.command("list")
def api_key_list() -> None:
    """List keys (id, prefix, name, scope, created, revoked); never the keys themselves."""
    from app.db import get_sessionmaker
    from app.security.keys import list_keys

    with get_sessionmaker()() as session:
        for k in list_keys(session):
            revoked = k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "-"
            sys.stdout.write(
                f"{k.id}\t{k.prefix}…\t{k.name}\t{k.scope}\t"
                f"{k.created_at.isoformat(timespec='seconds')}\trevoked:{revoked}\n"
            )


@api_key.command("revoke")
def api_key_revoke(
    ident: Annotated[str, typer.Argument(help="Key id or prefix (from `list`).")],
) -> None:
    """Revoke a key; requests with it fail from now on."""
    from app.db import get_sessionmaker
    from app.security.keys import revoke_key

    with get_sessionmaker().begin() as session:
        n = revoke_key(session, ident)
    if not n:
        fail(f"no active key {ident!r}", 1)
    err.print(f"revoked {n} key(s)", highlight=False)
