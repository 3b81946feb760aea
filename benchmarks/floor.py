"""A diagnosis, never a tool: the least any Python client can do for the CLI's job.

One thread, one keep-alive connection, raw sockets, no HTTP library, no checks of any kind: per
file, a presign and a PUT whose bytes are read and sent 1 MiB at a time. Its time against curl is
what Python itself costs (interpreter start, one thread copying every byte into the kernel); the
CLI's time against it is what the app adds.

Run as the CLI would be: python benchmarks/floor.py upload --base-url URL ... FILE...
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit


def _answer(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += conn.recv(65536)
    return body


def main(argv: list[str]) -> int:
    base = argv[argv.index("--base-url") + 1]
    key = "bench-key"
    files = [Path(a) for a in argv if a.endswith(".mp4")]
    where = urlsplit(base)
    conn = socket.create_connection((where.hostname, where.port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for path in files:
        size = path.stat().st_size
        doc = json.dumps({"filename": path.name, "contentType": "video/mp4", "fileSize": size})
        conn.sendall(
            f"POST /api/v1/files HTTP/1.1\r\nHost: {where.netloc}\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(doc)}\r\n\r\n{doc}".encode()
        )
        upload = urlsplit(json.loads(_answer(conn))["data"]["uploadUrl"])
        conn.sendall(
            f"PUT {upload.path}?{upload.query} HTTP/1.1\r\nHost: {where.netloc}\r\n"
            f"Content-Type: video/mp4\r\nContent-Length: {size}\r\n\r\n".encode()
        )
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                conn.sendall(chunk)
        _answer(conn)
        print(f"{upload.scheme}://{upload.netloc}{upload.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
