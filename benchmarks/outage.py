"""What a dead or throttling service costs the command line (issue 16, item 4).

Run: python benchmarks/outage.py [--app-root DIR] [--files 10] [--concurrency 3]
                                 [--only silent|throttled]

Two raw loopback servers stand for the service:
- silent: accepts every connection, reads the request's head, never answers;
- throttled: answers every request ``429`` with ``Retry-After: 3600``.
Ten small PNGs go up with ``apimodels-uploader upload`` at concurrency 3, with the app's real
limits (no test shortcut), and the wall time to the exit is printed. ``--app-root`` runs another
checkout's CLI (its main.py) with this Python: the "before" figures come from a temporary worktree
of the commit before the change.
"""

from __future__ import annotations

import argparse
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _png(seed: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes((seed % 256, y, 128)) for y in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(4096)
        if not piece:
            break
        data += piece
    return data


def silent(conn: socket.socket, stop: threading.Event) -> None:
    _head(conn)
    stop.wait()


def throttled(conn: socket.socket, stop: threading.Event) -> None:
    body = b'{"code":429,"msg":"Too many requests"}'
    while _head(conn):
        conn.sendall(
            b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
            b"Retry-After: 3600\r\n" + f"Content-Length: {len(body)}\r\n\r\n".encode() + body
        )


SERVERS: dict[str, Callable[[socket.socket, threading.Event], None]] = {
    "silent": silent,
    "throttled": throttled,
}


class Server:
    def __init__(self, handler: Callable[[socket.socket, threading.Event], None]) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.connections = 0
        self.handler = handler
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        try:
            self.handler(conn, self.stop)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def measure(root: Path, kind: str, files: int, concurrency: int) -> tuple[float, int, int]:
    """Seconds to the CLI's exit, its exit status, and the requests the server saw."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(files):
            path = Path(tmp) / f"f{i}.png"
            path.write_bytes(_png(i))
            paths.append(str(path))
        env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
        env["APIMODELS_API_KEY"] = "bench-key"
        server = Server(SERVERS[kind])
        argv = ["upload", "--base-url", server.url, "--concurrency", str(concurrency)]
        argv += ["--data-dir", str(Path(tmp) / "data"), *paths]
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(root / "main.py"), *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
            check=False,
        )
        took = time.monotonic() - start
        server.close()
        return took, done.returncode, server.connections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-root", type=Path, default=HERE.parent)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=3)
    parser.add_argument("--only", choices=sorted(SERVERS), action="append")
    args = parser.parse_args()
    for kind in args.only or sorted(SERVERS):
        took, status, requests = measure(args.app_root, kind, args.files, args.concurrency)
        print(
            f"{kind:9} {args.files} files at c{args.concurrency}: {took:7.1f} s "
            f"(exit {status}, {requests} requests)",
            flush=True,
        )


if __name__ == "__main__":
    main()
