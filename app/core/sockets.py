"""TCP and TLS streams for httpcore on plain non-blocking sockets, counting bytes as they leave.

Why not httpcore's own (anyio) streams: a write is awaited whole, so a body handed over in 1 MiB
chunks shows no progress until a whole chunk is in the kernel, and the stall detector had to cut
the body into 64 KiB slices, each one a trip through httpx, h11 and anyio: on a fast link, more
than half of the CLI's CPU. Here every ``send()`` the kernel accepts is counted for the request
being sent (:class:`SentBytes`), so chunks go out whole and the stall detector still sees each
64 KiB leave.

Only on selector event loops (Linux and macOS, the window's qasync loop included), which can wait
for a socket to be readable or writable. Elsewhere (Windows' proactor loops) httpcore's own
backend connects, nothing is counted, and the body is sliced as before; the same happens behind a
proxy named in the environment, where httpx's own transports carry the request.
"""

# httpcore's interface passes every timeout as a parameter.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextvars
import select
import socket
import ssl
import sys
from collections.abc import Callable, Iterable
from typing import Any

import httpcore

__all__ = ["SENT", "SentBytes", "SocketBackend"]

#: A TLS write is counted only once OpenSSL took all of it: pieces this large count as often as
#: the stall detector needs (its unit of progress is 64 KiB).
TLS_PIECE = 64 * 1024
#: Between attempts at a host's addresses (RFC 8305's "Happy Eyeballs" delay): a broken IPv6
#: route costs this, not the whole connect timeout.
NEXT_ADDRESS_DELAY = 0.25


class SentBytes:
    """The bytes of one request as the kernel took them; ``moved`` is called every ``every``."""

    def __init__(self, moved: Callable[[], None], every: int) -> None:
        #: Whether one of our streams is sending this request (then its body need not be sliced).
        self.counted = False
        self.total = 0
        self._moved = moved
        self._every = every
        self._since = 0

    def add(self, n: int) -> None:
        self.total += n
        self._since += n
        if self._since >= self._every:
            self._since %= self._every
            self._moved()


#: Set for the task that sends a request; the stream reads it on each write.
SENT: contextvars.ContextVar[SentBytes | None] = contextvars.ContextVar("sent", default=None)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class _Wait:
    """One registration with the loop: a socket's number, which way, and who waits on it."""

    def __init__(self, loop: asyncio.AbstractEventLoop, fd: int, write: bool) -> None:
        self.loop, self.fd, self.write = loop, fd, write
        self.future: asyncio.Future[None] = loop.create_future()
        (loop.add_writer if write else loop.add_reader)(fd, _wake, self.future)

    def end(self) -> None:
        (self.loop.remove_writer if self.write else self.loop.remove_reader)(self.fd)


class SocketStream(httpcore.AsyncNetworkStream):
    def __init__(self, sock: socket.socket, *, tls: bool = False) -> None:
        self._sock = sock
        self._tls = tls
        self._wait: _Wait | None = None

    async def _ready(self, *, write: bool, limit: float | None) -> None:
        """Wait until the socket can be written (or read); OSError if it was closed meanwhile."""
        fd = self._sock.fileno()
        if fd < 0:
            raise OSError("the connection was closed")
        wait = self._wait = _Wait(asyncio.get_running_loop(), fd, write)
        try:
            async with asyncio.timeout(limit):
                await wait.future
        finally:
            if self._wait is wait:  # not ended by aclose(): the number is still this socket's
                self._wait = None
                wait.end()

    async def _await_ready(
        self,
        write: bool,
        limit: float | None,
        timed_out: type[httpcore.TimeoutException],
        failed: type[httpcore.NetworkError],
    ) -> None:
        """:meth:`_ready`, its failures as the httpcore errors httpx turns into its own."""
        try:
            await self._ready(write=write, limit=limit)
        except TimeoutError:
            raise timed_out("no progress in time") from None
        except OSError as exc:
            raise failed(str(exc)) from exc

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        while True:
            try:
                return self._sock.recv(max_bytes)
            except (BlockingIOError, InterruptedError, ssl.SSLWantReadError):
                wait_write = False
            except ssl.SSLWantWriteError:
                wait_write = True
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return b""  # a TLS end, clean or not: httpcore treats both as the peer closing
            except OSError as exc:
                raise httpcore.ReadError(str(exc)) from exc
            await self._await_ready(wait_write, timeout, httpcore.ReadTimeout, httpcore.ReadError)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        sent = SENT.get()
        if sent is not None:
            sent.counted = True
        view = memoryview(buffer)
        piece = TLS_PIECE if self._tls else len(view)
        while view:
            try:
                n = self._sock.send(view[:piece])
            except (BlockingIOError, InterruptedError, ssl.SSLWantWriteError):
                wait_write = True
            except ssl.SSLWantReadError:
                wait_write = False
            except OSError as exc:
                raise httpcore.WriteError(str(exc)) from exc
            else:
                view = view[n:]
                if sent is not None:
                    sent.add(n)
                continue
            await self._await_ready(wait_write, timeout, httpcore.WriteTimeout, httpcore.WriteError)

    async def aclose(self) -> None:
        # Another task may be waiting on this socket (a client closed mid-request): its wait
        # ends now, and the registration goes before the number can be given to a new socket.
        wait, self._wait = self._wait, None
        if wait is not None:
            wait.end()
            if not wait.future.done():
                wait.future.set_exception(OSError("the connection was closed"))
        self._sock.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            tls = ssl_context.wrap_socket(
                self._sock, server_hostname=server_hostname, do_handshake_on_connect=False
            )
        except (OSError, ValueError) as exc:
            self._sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        stream = SocketStream(tls, tls=True)
        try:
            async with asyncio.timeout(timeout):
                while True:
                    try:
                        tls.do_handshake()
                        return stream
                    except ssl.SSLWantReadError:
                        await stream._ready(write=False, limit=None)
                    except ssl.SSLWantWriteError:
                        await stream._ready(write=True, limit=None)
        except TimeoutError:
            tls.close()
            raise httpcore.ConnectTimeout("the TLS handshake took too long") from None
        except OSError as exc:  # ssl.SSLError (a certificate nobody trusts) among them
            tls.close()
            raise httpcore.ConnectError(str(exc)) from exc
        except BaseException:
            tls.close()
            raise

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._sock if self._tls else None
        if info == "socket":
            return self._sock
        if info == "client_addr":
            return self._sock.getsockname()
        if info == "server_addr":
            return self._sock.getpeername()
        if info == "is_readable":  # an idle pooled connection that reads is one the peer closed
            return _readable(self._sock)
        return None


def _waits_on_sockets(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether ``loop`` can wait for a socket to be readable or writable (a proactor cannot)."""
    return isinstance(loop, asyncio.SelectorEventLoop)


def _readable(sock: socket.socket) -> bool:
    fd = sock.fileno()
    if fd < 0:
        return True
    if sys.platform == "win32" or not hasattr(select, "poll"):
        return bool(select.select([fd], [], [], 0)[0])
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class SocketBackend(httpcore.AsyncNetworkBackend):
    """httpcore's way in: our streams on selector loops, httpcore's own elsewhere."""

    def __init__(self) -> None:
        self._other = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        if not _waits_on_sockets(loop):
            return await self._other.connect_tcp(
                host, port, timeout, local_address, socket_options=socket_options
            )
        try:
            async with asyncio.timeout(timeout):
                sock = await _connect(loop, host, port, local_address)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"no connection to {host} in time") from None
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for option in socket_options or ():
                sock.setsockopt(*option)
        except OSError as exc:
            sock.close()
            raise httpcore.ConnectError(str(exc)) from exc
        return SocketStream(sock)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return await self._other.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _connect(
    loop: asyncio.AbstractEventLoop, host: str, port: int, local_address: str | None
) -> socket.socket:
    """Connect to the first of the host's addresses that answers, trying the next one after
    NEXT_ADDRESS_DELAY while the earlier ones are still trying."""
    # httpx hands over hosts already in ASCII (IDNA); as bytes, the resolver does not import
    # the idna codec on the loop's thread.
    name = host.encode("ascii") if host.isascii() else host
    infos = await loop.getaddrinfo(name, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    if not infos:
        raise OSError(f"{host} has no address")
    pending: set[asyncio.Task[socket.socket]] = set()
    errors: list[OSError] = []
    winner: socket.socket | None = None

    def settle(done: set[asyncio.Task[socket.socket]]) -> socket.socket | None:
        found: socket.socket | None = None
        for task in done:
            exc = task.exception()
            if exc is None:
                if found is None:
                    found = task.result()
                else:
                    task.result().close()
            elif isinstance(exc, OSError):
                errors.append(exc)
            else:
                raise exc
        return found

    try:
        for family, kind, proto, _name, address in _interleaved(infos):
            pending.add(asyncio.ensure_future(_attempt(loop, family, kind, proto, address,
                                                       local_address)))  # fmt: skip
            done, pending = await asyncio.wait(
                pending, timeout=NEXT_ADDRESS_DELAY, return_when=asyncio.FIRST_COMPLETED
            )
            if (winner := settle(done)) is not None:
                return winner
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            if (winner := settle(done)) is not None:
                return winner
        raise errors[0] if errors else OSError(f"no connection to {host}")
    finally:
        for task in pending:
            task.cancel()
        for late in await asyncio.gather(*pending, return_exceptions=True):
            if isinstance(late, socket.socket):  # connected just as it was cancelled
                late.close()


async def _attempt(
    loop: asyncio.AbstractEventLoop,
    family: int,
    kind: int,
    proto: int,
    address: Any,
    local_address: str | None,
) -> socket.socket:
    sock = socket.socket(family, kind, proto)
    try:
        sock.setblocking(False)
        if local_address is not None:
            sock.bind((local_address, 0))
        await loop.sock_connect(sock, address)
    except BaseException:
        sock.close()
        raise
    return sock


def _interleaved(infos: list[Any]) -> list[Any]:
    """IPv6 and IPv4 addresses taking turns, the resolver's first choice first (RFC 8305)."""
    first = [i for i in infos if i[0] == infos[0][0]]
    other = [i for i in infos if i[0] != infos[0][0]]
    mixed: list[Any] = []
    for pair in zip(first, other, strict=False):
        mixed.extend(pair)
    longer = first if len(first) > len(other) else other
    mixed.extend(longer[min(len(first), len(other)) :])
    return mixed
