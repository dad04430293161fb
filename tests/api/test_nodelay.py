"""`dyad serve` turns Nagle's algorithm off on every connection, also with several processes,
whose listening socket (bound by uvicorn, `proto` 0) asyncio does not recognise as TCP."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from typer.testing import CliRunner
from uvicorn.importer import import_from_string

from app.api.nodelay import NoDelayH11Protocol, set_nodelay
from app.cli import app as cli
from app.config import get_settings


class _Transport:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None


def test_an_accepted_connection_gets_nodelay() -> None:
    listener = socket.socket()  # proto 0, as uvicorn's own bind for several workers
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    conn, _ = listener.accept()
    try:
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        set_nodelay(_Transport(conn))  # type: ignore[arg-type]
        assert conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        for s in (client, conn, listener):
            s.close()


def test_serve_runs_uvicorn_with_the_nodelay_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda *_a, **kw: seen.update(kw))
    # `serve` sets DYAD_SERVE_WORKERS, re-reads the settings and configures logging: keep all
    # three from leaking into the tests after this one.
    monkeypatch.setenv("DYAD_SERVE_WORKERS", "1")
    monkeypatch.setattr("app.logs.configure_logging", lambda *_a, **_kw: None)
    try:
        result = CliRunner().invoke(cli, ["serve", "--workers", "2"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert seen["workers"] == 2
    assert import_from_string(seen["http"]) is NoDelayH11Protocol
