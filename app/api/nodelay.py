"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

asyncio turns Nagle off on an accepted TCP connection only when the listening socket says it is
TCP (`proto == IPPROTO_TCP`). With several API processes uvicorn binds that socket itself, with
`proto` 0, so the accepted connections kept Nagle on: a response written as headers then body
waited for the client's delayed ACK, and every keep-alive request took about 40 ms instead of
about 1 ms (`bench/load.py --workers 1,2`). `dyad serve` passes this class as uvicorn's `http`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on the transport's TCP socket (nothing for other sockets)."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    with contextlib.suppress(OSError):  # a connection already gone: nothing to tune
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
