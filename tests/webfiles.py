"""A small web server on a raw loopback socket that serves files the way web sites do, and
misbehaves the ways they can: HTML instead of an image, redirects without end, a body that never
ends or trickles, a length over the cap. Each path is a handler; every request's head is kept."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable, Iterator

from tests import rawserver
from tests.rawserver import RawServer, read_head

Reply = Callable[[socket.socket, RawServer, str], None]


class Site:
    def __init__(self, routes: dict[str, Reply]) -> None:
        self.routes = routes
        self.heads: list[str] = []
        self.srv: RawServer | None = None

    @property
    def url(self) -> str:
        assert self.srv is not None
        return self.srv.url

    def handle(self, conn: socket.socket, srv: RawServer) -> None:
        head = read_head(conn).decode("latin-1")
        self.heads.append(head)
        target = head.split(" ", 2)[1] if head.count(" ") >= 2 else "/"
        path = target.split("?", 1)[0]
        reply = self.routes.get(path) or self.routes.get("*")
        if reply is None:
            srv.send(conn, rawserver.answer(404, b"not here", "text/plain"))
            return
        reply(conn, srv, path)


@contextlib.contextmanager
def site(routes: dict[str, Reply]) -> Iterator[Site]:
    web = Site(routes)
    with rawserver.serving(web.handle) as srv:
        web.srv = srv
        yield web


def body(data: bytes, content_type: str = "application/octet-stream", **headers: str) -> Reply:
    def reply(conn: socket.socket, srv: RawServer, _path: str) -> None:
        extra = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items())
        head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(data)}\r\n"
            f"{extra}Connection: close\r\n\r\n"
        )
        srv.send(conn, head.encode("latin-1") + data)

    return reply


def redirect(location: str, status: int = 302) -> Reply:
    def reply(conn: socket.socket, srv: RawServer, _path: str) -> None:
        srv.send(
            conn,
            f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n".encode(),
        )

    return reply


def counting_redirects(conn: socket.socket, srv: RawServer, path: str) -> None:
    """/hop/1 -> /hop/2 -> ... for ever, each a new address (no loop to notice)."""
    number = int(path.rsplit("/", 1)[-1] or 0)
    redirect(f"/hop/{number + 1}")(conn, srv, path)


def endless(first: bytes, content_type: str = "image/png", *, every: float = 0.0) -> Reply:
    """``first``, then zeros in chunks for ever, with no length (chunked)."""

    def reply(conn: socket.socket, srv: RawServer, _path: str) -> None:
        srv.send(
            conn,
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode(),
        )
        piece = first
        while not srv.stop.is_set():
            srv.send(conn, f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            piece = b"\0" * 16384
            if every and not srv.sleep(every):
                return

    return reply


def declared(length: int, first: bytes) -> Reply:
    """Says ``length`` bytes are coming, sends ``first`` and then waits."""

    def reply(conn: socket.socket, srv: RawServer, _path: str) -> None:
        srv.send(
            conn,
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
            + f"Content-Length: {length}\r\n\r\n".encode()
            + first,
        )
        while srv.sleep(0.05):
            pass

    return reply
