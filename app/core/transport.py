"""How a request's bytes reach the servers: the transports, and the deadline their progress moves.

httpx's transports are made on a connection pool whose sockets count what the kernel takes
(:mod:`app.core.sockets`); a body is watched as it goes, and each 64 KiB that leaves pushes back
the stall deadline (the numbers are in :mod:`app.core.api`).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import AsyncGenerator, AsyncIterable, Callable

import httpx

from .sockets import SentBytes, SocketBackend
from .tls import ssl_context

#: The unit of progress: the stall deadline moves each time this much more has left.
PROGRESS_SLICE = 64 * 1024

# Without it the kernel may queue megabytes of the file (its send buffer grows to 4 MB on
# Linux) and wakes the writer only when a third of that has drained: on a slow link, tens of
# seconds with no visible progress, which the stall detector would take for a dead peer. With
# it, a write completes once less than this is still unsent, so progress follows the wire.
_NOTSENT_LOWAT = 128 * 1024
_SOCKET_OPTIONS: list[tuple[int, int, int]] = (
    [(socket.IPPROTO_TCP, socket.TCP_NOTSENT_LOWAT, _NOTSENT_LOWAT)]
    if hasattr(socket, "TCP_NOTSENT_LOWAT")
    else []
)


class Stall:
    """A deadline that each sign of progress pushes back (asyncio.timeout, rescheduled).

    A fast link shows progress thousands of times a second; the deadline is moved only when
    that changes it by at least 1/16 of the limit, so the limit is kept to within that.
    """

    def __init__(self, limit: float, *, first: float | None = None) -> None:
        self.limit = limit
        self.first = limit if first is None else first
        self._timeout: asyncio.Timeout | None = None
        self._slack = limit / 16

    def guard(self) -> asyncio.Timeout:
        self._timeout = asyncio.timeout(self.first)
        return self._timeout

    def moved(self) -> None:
        timeout = self._timeout
        if timeout is None:
            return
        later = asyncio.get_running_loop().time() + self.limit
        when = timeout.when()
        if when is None or abs(later - when) >= self._slack:
            timeout.reschedule(later)


async def watched(
    body: AsyncIterable[bytes], moved: Callable[[], None], sent: SentBytes
) -> AsyncGenerator[bytes, None]:
    """The body for httpx, with ``moved`` called as its bytes go.

    When our socket counts the bytes (``sent.counted``, known once the request's head went
    out), chunks go whole. Otherwise they go in slices of at most PROGRESS_SLICE: httpx asks for
    the next slice only once the previous one is written to the socket, so a call means the peer
    is still taking bytes.
    """
    try:
        async for chunk in body:
            if sent.counted:
                moved()
                yield chunk
                continue
            view = memoryview(chunk)
            for start in range(0, len(view), PROGRESS_SLICE):
                moved()
                yield bytes(view[start : start + PROGRESS_SLICE])
        moved()  # the last byte went out: the answer's wait starts now
    finally:
        aclose = getattr(body, "aclose", None)
        if aclose is not None:
            await aclose()


class Transports(httpx.AsyncBaseTransport):
    """Plain http and https, each built on first use.

    Building the TLS side imports the trust store and builds its context: milliseconds that a
    run against a server on this computer never needs, and that the window pays after its first
    paint (:meth:`FilesClient.warm_up`), not before.
    """

    def __init__(self) -> None:
        self._plain: httpx.AsyncHTTPTransport | None = None
        self._tls: httpx.AsyncHTTPTransport | None = None
        self._lock = threading.Lock()

    def tls(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._tls is None:
                self._tls = transport_for(ssl_context())
            return self._tls

    def plain(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._plain is None:
                # Never used for https, so no trust store is loaded for it (that alone took
                # 18 ms of the CLI's start).
                self._plain = transport_for(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
            return self._plain

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.tls() if request.url.scheme == "https" else self.plain()
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in (self._plain, self._tls):
            if transport is not None:
                await transport.aclose()


def transport_for(context: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
    """httpx's transport on a connection pool whose sockets count what they send."""
    import httpcore

    transport = httpx.AsyncHTTPTransport(verify=context, socket_options=_SOCKET_OPTIONS)
    # httpx takes no network backend, so its pool is made again with ours and httpx's defaults.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        socket_options=_SOCKET_OPTIONS,
        network_backend=SocketBackend(),
    )
    return transport
