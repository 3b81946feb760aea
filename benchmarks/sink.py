"""A minimal raw loopback sink: the Files API's presign, and a PUT that throws the bytes away.

Run: python benchmarks/sink.py [--port 0] [--etag none|md5] [--tls CERT KEY]
Prints ``listening on http://127.0.0.1:PORT`` (https with ``--tls``) on its first line, then serves
until killed.

It is the throughput reference, not the local service: one thread per connection, blocking
``recv_into`` a reused buffer, keep-alive, no parsing beyond the request line and headers. It
checks nothing (no key, no signature) and costs as little CPU as a Python server can, so what a
benchmark measures is the client's own cost. ``--etag md5`` answers a PUT with the body's MD5 as
S3 and R2 do (that costs the sink CPU too); the default sends no ETag. ``--tls`` serves HTTPS with
that certificate and key (PEM), as R2 does: the real shape of an upload.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import ssl
import sys
import threading

BUFFER = 1 << 20


def _read_head(conn: socket.socket, pending: bytearray) -> tuple[bytes, dict[str, str]] | None:
    while b"\r\n\r\n" not in pending:
        data = conn.recv(65536)
        if not data:
            return None
        pending += data
    head, _, rest = bytes(pending).partition(b"\r\n\r\n")
    pending[:] = rest
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0].encode("latin-1"), headers


def _discard(conn: socket.socket, pending: bytearray, length: int, md5: bool) -> str:
    digest = hashlib.md5(usedforsecurity=False) if md5 else None
    take = min(length, len(pending))
    if digest is not None:
        digest.update(pending[:take])
    del pending[:take]
    left = length - take
    buffer = bytearray(BUFFER)
    view = memoryview(buffer)
    while left > 0:
        n = conn.recv_into(view, min(left, BUFFER))
        if n == 0:
            raise ConnectionError("client went away mid-body")
        if digest is not None:
            digest.update(view[:n])
        left -= n
    return digest.hexdigest() if digest is not None else ""


def _serve(conn: socket.socket, etag: str, scheme: str = "http") -> None:
    pending = bytearray()
    counter = 0
    with conn:
        while True:
            got = _read_head(conn, pending)
            if got is None:
                return
            request, headers = got
            method, path = request.split()[:2]
            length = int(headers.get("content-length", "0") or 0)
            if headers.get("expect", "").lower() == "100-continue":
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            body_md5 = _discard(conn, pending, length, etag == "md5" and method == b"PUT")
            extra = ""
            if method == b"POST" and path.startswith(b"/api/v1/files"):
                counter += 1
                # The Host the client used: behind a proxy (benchmarks/link.py) URLs go through it.
                base = f"{scheme}://" + headers.get("host", "127.0.0.1")
                key = f"k{threading.get_ident()}-{counter}"
                body = json.dumps(
                    {
                        "code": 200,
                        "msg": "success",
                        "data": {
                            "uploadUrl": f"{base}/bucket/{key}?X-Amz-Signature=0",
                            "publicUrl": f"{base}/public/{key}",
                            "expiresAt": "2099-01-01T00:00:00.000Z",
                        },
                    }
                ).encode()
                extra = "Content-Type: application/json\r\n"
            elif method == b"PUT":
                body = b""
                if body_md5:
                    extra = f'ETag: "{body_md5}"\r\n'
            else:
                body = b"not here"
            status = "200 OK" if body != b"not here" else "404 Not Found"
            conn.sendall(
                f"HTTP/1.1 {status}\r\n{extra}Content-Length: {len(body)}\r\n\r\n".encode() + body
            )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--etag", choices=("none", "md5"), default="none")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    tls = None
    if args.tls:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(*args.tls)
    scheme = "https" if tls else "http"
    listener = socket.create_server(("127.0.0.1", args.port), backlog=64)
    port = listener.getsockname()[1]
    print(f"listening on {scheme}://127.0.0.1:{port}", flush=True)
    while True:
        conn, _ = listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve_safely, args=(conn, args.etag, tls), daemon=True).start()


def _serve_safely(conn: socket.socket, etag: str, tls: ssl.SSLContext | None) -> None:
    try:
        if tls is not None:  # the handshake in this connection's thread, not the accepting one
            conn = tls.wrap_socket(conn, server_side=True)
        _serve(conn, etag, "https" if tls else "http")
    except (ConnectionError, OSError, ValueError, IndexError):
        return


if __name__ == "__main__":
    sys.exit(main())
