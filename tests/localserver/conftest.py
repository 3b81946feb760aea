"""Fixtures for the local server's tests: a real server on an ephemeral loopback port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from app.localserver import LocalServer
from tests.helpers import make_png

API_KEY = "test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}


PNG = make_png()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    with LocalServer(api_key=API_KEY, data_dir=tmp_path / "data") as srv:
        yield srv


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as c:
        yield c


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    path = tmp_path / "ref.png"
    path.write_bytes(PNG)
    return path


def files_url(srv: LocalServer) -> str:
    return f"{srv.base_url}/api/v1/files"


def presign(
    client: httpx.Client,
    srv: LocalServer,
    content_type: str = "image/png",
    filename: str = "ref.png",
    **extra: Any,
) -> dict[str, str]:
    r = client.post(
        files_url(srv),
        headers=AUTH,
        json={"filename": filename, "contentType": content_type, **extra},
    )
    assert r.status_code == 200, r.text
    data: dict[str, str] = r.json()["data"]
    return data


def raw_request(url: str, head: str, body: bytes = b"", *, half_close: bool = False) -> bytes:
    """Send `head` (request line + headers, CRLF-joined, no blank line) and return the raw reply."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), 5) as s:
        s.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                    break
        except (ConnectionResetError, TimeoutError):
            pass
        return b"".join(chunks)


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def target(url: str) -> str:
    """The request target (path and query) of a URL, as sent on the wire."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])
