"""Small hostile servers on raw loopback sockets, for answers the local service cannot give:
one byte every few seconds, no answer at all, a body without end, a certificate nobody trusts."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType

Handler = Callable[[socket.socket, "RawServer"], None]

ENVELOPE_OK = b'{"code":200,"msg":"success","data":{}}'


def read_head(conn: socket.socket) -> bytes:
    """The request line and headers (the body, if any, is left unread)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def read_request(conn: socket.socket) -> bytes:
    """Head and body (by Content-Length): closing with bytes unread would reset the connection
    before the client reads the answer."""
    data = read_head(conn)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def answer(status: int, body: bytes, content_type: str = "application/json") -> bytes:
    return (
        f"HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


class RawServer:
    """Accepts on 127.0.0.1 and runs ``handler`` for each connection in its own thread."""

    def __init__(self, handler: Handler, *, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.connections = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accept = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def __enter__(self) -> RawServer:
        self._accept.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()
        self.sock.close()
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        for thread in self._threads:
            thread.join(5)

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            thread = threading.Thread(target=self._run, args=(conn,), daemon=True)
            thread.start()  # before it is listed: the test's end joins what is listed
            self._threads.append(thread)

    def _run(self, conn: socket.socket) -> None:
        self._conns.append(conn)
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
                self._conns.append(conn)
            self.handler(conn, self)
        except (OSError, ssl.SSLError):
            pass
        finally:
            with contextlib.suppress(OSError):
                conn.close()

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        self.bytes_sent += len(data)

    def sleep(self, seconds: float) -> bool:
        """Wait, unless the test is over; False then."""
        return not self.stop.wait(seconds)


def dribble(every: float) -> Handler:
    """A 200 whose head and body come one byte every ``every`` seconds, forever."""

    def handle(conn: socket.socket, srv: RawServer) -> None:
        read_head(conn)
        reply = answer(200, ENVELOPE_OK + b" " * 10_000)
        for byte in reply:
            if not srv.sleep(every):
                return
            srv.send(conn, bytes([byte]))

    return handle


def silent(conn: socket.socket, srv: RawServer) -> None:
    """Takes the connection, reads the request's head, never answers nor reads the body."""
    read_head(conn)
    while srv.sleep(0.05):
        pass


def _chunks_forever(conn: socket.socket, srv: RawServer, head: bytes, piece: bytes) -> None:
    """Answer with ``head`` and a chunked body of ``piece`` repeated until the server stops."""
    srv.send(conn, head + b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    while not srv.stop.is_set():
        srv.send(conn, chunk)


def endless(conn: socket.socket, srv: RawServer) -> None:
    """A 200 with a JSON-looking body that never ends (chunked, so no length warns of it)."""
    read_head(conn)
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    _chunks_forever(conn, srv, head, b'{"code":200,"msg":"' + b"x" * 65_000)


def storage_huge_refusal(conn: socket.socket, srv: RawServer) -> None:
    """Reads a PUT's body, then refuses it with an XML error that never ends."""
    read_request(conn)
    head = b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\n"
    _chunks_forever(conn, srv, head, b"<Error><Code>AccessDenied</Code><Message>" + b"y" * 65_000)


def envelope(body: bytes = ENVELOPE_OK, status: int = 200) -> Handler:
    def handle(conn: socket.socket, srv: RawServer) -> None:
        read_request(conn)
        srv.send(conn, answer(status, body))

    return handle


@contextlib.contextmanager
def serving(handler: Handler, *, tls: ssl.SSLContext | None = None) -> Iterator[RawServer]:
    with RawServer(handler, tls=tls) as srv:
        yield srv


def elapsed(start: float) -> float:
    return time.monotonic() - start
