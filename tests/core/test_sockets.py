"""The sockets under httpx (app/core/sockets.py): bytes counted as the kernel takes them, over
plain TCP and TLS, chunks passed whole, the next address tried while one hangs, and a pooled
connection the server closed never reused."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import socket
import ssl
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import trustme

from app.core import api as api_module
from app.core import sockets, transport
from app.core.api import FilesClient
from app.core.errors import NetworkError
from app.core.sockets import SENT, SentBytes, SocketBackend
from app.core.transport import PROGRESS_SLICE, transport_for, watched
from tests import rawserver
from tests.helpers import big_png, run


class Keeper:
    """A storage on a raw socket that reads each PUT whole, remembers the body's SHA-256 and
    answers 200 keeping the connection (or closing it right after, with ``close_after``)."""

    def __init__(self, *, close_after: bool = False) -> None:
        self.close_after = close_after
        self.bodies: list[str] = []

    def __call__(self, conn: socket.socket, srv: rawserver.RawServer) -> None:
        while True:
            request = rawserver.read_request(conn)
            if not request.strip():
                return
            self.bodies.append(hashlib.sha256(request.partition(b"\r\n\r\n")[2]).hexdigest())
            srv.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            if self.close_after:
                return


def _put(url: str, body: bytes, context: ssl.SSLContext | None = None) -> SentBytes:
    moves: list[float] = []
    sent = SentBytes(lambda: moves.append(time.monotonic()), PROGRESS_SLICE)

    async def go() -> None:
        made = transport_for(context or ssl.create_default_context())
        async with httpx.AsyncClient(transport=made) as client:
            token = SENT.set(sent)
            try:
                response = await client.put(url, content=body)
            finally:
                SENT.reset(token)
            assert response.status_code == 200

    run(go())
    sent.moves = len(moves)  # type: ignore[attr-defined]
    return sent


@pytest.mark.parametrize("tls", [False, True])
def test_every_byte_the_kernel_takes_is_counted_and_progress_is_seen_per_64_kib(
    tls: bool, tmp_path: Path
) -> None:
    body = big_png(tmp_path / "a.png", 3_000_000).read_bytes()
    keeper = Keeper()
    context = None
    server_tls = None
    if tls:
        ca = trustme.CA()
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(server_tls)
        context = ssl.create_default_context()
        ca.configure_trust(context)
    with rawserver.serving(keeper, tls=server_tls) as srv:
        sent = _put(f"{srv.url}/bucket/a", body, context)
    assert keeper.bodies == [hashlib.sha256(body).hexdigest()]  # the bytes arrived intact
    assert sent.counted
    assert len(body) < sent.total < len(body) + 1024  # the body and the request's head
    # Once per send that completes a 64 KiB unit: a send the kernel takes whole counts once.
    assert 1 <= sent.moves <= sent.total // PROGRESS_SLICE  # type: ignore[attr-defined]


def test_chunks_go_whole_when_the_socket_counts_and_in_64_kib_slices_when_not() -> None:
    chunk = bytes(range(256)) * 4096  # 1 MiB

    async def body() -> AsyncIterator[bytes]:
        yield chunk
        yield chunk

    async def collect(counted: bool) -> list[bytes]:
        sent = SentBytes(lambda: None, PROGRESS_SLICE)
        sent.counted = counted
        return [piece async for piece in watched(body(), lambda: None, sent)]

    whole = run(collect(True))
    assert len(whole) == 2 and all(piece is chunk for piece in whole)  # not even copied
    sliced = run(collect(False))
    assert len(sliced) == 32 and b"".join(sliced) == chunk * 2


@pytest.fixture
def hanging_port() -> Iterator[int]:
    """A port whose connects hang: a listener that accepts nothing, its queue filled."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(8):  # fill the accept queue so the next SYN is dropped
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.2)
    probe = socket.socket()
    probe.settimeout(0.5)
    try:
        probe.connect(("127.0.0.1", port))
        pytest.fail("the accept queue did not fill: this kernel answers every connect")
    except TimeoutError:
        pass
    finally:
        probe.close()
    yield port
    for filler in fillers:
        filler.close()
    listener.close()


def test_while_one_address_hangs_the_next_is_tried(
    hanging_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host with a dead address first (a broken IPv6 route, say) is still reached at once."""
    with rawserver.serving(Keeper()) as srv:

        async def both(*_: Any, **__: Any) -> list[Any]:
            tcp = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
            return [(*tcp, ("127.0.0.1", hanging_port)), (*tcp, ("127.0.0.1", srv.port))]

        async def go() -> float:
            monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", both)
            start = time.monotonic()
            stream = await SocketBackend().connect_tcp("storage.test", srv.port, timeout=10)
            took = time.monotonic() - start
            assert stream.get_extra_info("server_addr")[1] == srv.port
            await stream.aclose()
            return took

        took = run(go())
    assert sockets.NEXT_ADDRESS_DELAY <= took < 2.0  # not the 10 s connect timeout


def test_a_pooled_connection_the_server_closed_is_not_reused(tmp_path: Path) -> None:
    keeper = Keeper(close_after=True)
    path = big_png(tmp_path / "a.png", 200_000)
    with rawserver.serving(keeper) as srv:
        client = FilesClient(base_url=srv.url, api_key="k")

        async def go() -> None:
            for n in range(3):
                await client.put(f"{srv.url}/b/{n}", path, content_type="image/png",
                                 size=200_000)  # fmt: skip
                await asyncio.sleep(0.05)  # the server's close arrives while it is idle
            await client.aclose()

        run(go())
        connections = srv.connections
    assert len(keeper.bodies) == 3 and connections == 3


def test_a_refused_connection_is_a_network_error_with_a_sentence(tmp_path: Path) -> None:
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nobody listens there now
    path = big_png(tmp_path / "a.png", 10_000)
    client = FilesClient(base_url=f"http://127.0.0.1:{port}", api_key="k")
    with pytest.raises(NetworkError) as info:
        run(client.put(f"http://127.0.0.1:{port}/b", path, content_type="image/png",
                       size=10_000))  # fmt: skip
    assert "Errno" not in str(info.value)  # a sentence, not the OS's text


def test_sent_bytes_move_once_per_unit_however_the_sends_fall() -> None:
    calls = []
    sent = SentBytes(lambda: calls.append(1), 100)
    for n in (30, 30, 30, 30, 250, 1, 99):  # 470 in all
        sent.add(n)
    assert sent.total == 470
    assert len(calls) == 3  # at 120, 370 (one call for a big send), 470


def test_the_counting_is_per_request_even_on_one_connection() -> None:
    """Two requests' tasks share no count: the context variable is the task's own."""
    seen: dict[str, int] = {}

    async def one(name: str, sent: SentBytes) -> None:
        SENT.set(sent)
        await asyncio.sleep(0)
        current = SENT.get()
        assert current is not None
        current.add(10)
        seen[name] = current.total

    async def go() -> None:
        a, b = SentBytes(lambda: None, 64), SentBytes(lambda: None, 64)
        await asyncio.gather(one("a", a), one("b", b))
        assert SENT.get() is None

    run(go())
    assert seen == {"a": 10, "b": 10}


def test_on_a_loop_that_cannot_wait_on_sockets_httpcores_own_connect_and_the_body_is_sliced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows' proactor loops: nothing is counted at the socket, so the body goes in 64 KiB
    slices and the stall detector still sees progress (the path taken there, run here)."""
    monkeypatch.setattr(sockets, "_waits_on_sockets", lambda loop: False)
    body = big_png(tmp_path / "a.png", 1_000_000).read_bytes()
    keeper = Keeper()
    with rawserver.serving(keeper) as srv:
        sent = _put(f"{srv.url}/bucket/a", body)
        client = FilesClient(base_url=srv.url, api_key="k")
        pieces: list[int] = []
        real = transport.watched

        async def spying(*args: Any) -> AsyncIterator[bytes]:
            async for piece in real(*args):
                pieces.append(len(piece))
                yield piece

        monkeypatch.setattr(api_module, "watched", spying)
        path = tmp_path / "a.png"

        async def go() -> None:
            await client.put(f"{srv.url}/b/2", path, content_type="image/png", size=len(body))
            await client.aclose()

        run(go())
    assert not sent.counted and sent.total == 0
    assert keeper.bodies == [hashlib.sha256(body).hexdigest()] * 2
    assert max(pieces) == PROGRESS_SLICE and sum(pieces) == len(body)
