"""A file rewritten in place while it is being sent (issue 16, item 1).

An editor saving, or a camera app finishing its file, rewrites it with the same size while a slow
PUT runs. The storage must never be left with half of one version and half of the other: the send
that read across the rewrite is cut short, and the file is sent again from a fresh read.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from pathlib import Path

import pytest

from app.core.api import FilesClient
from app.core.media import Media, inspect
from app.core.reasons import Reason
from app.core.uploads import (
    MAX_REREADS,
    EngineOptions,
    JobFailed,
    JobRetrying,
    RetryPolicy,
    State,
    UploadEngine,
)
from tests import rawserver
from tests.helpers import big_png, run

KEY = "test-key-123"
SIZE = 8 * 1024 * 1024


class SlowStorage:
    """A Files API and a storage on one raw socket: presigns to itself, reads the first PUT
    slowly and calls ``during`` once part of it has arrived; keeps only whole bodies."""

    def __init__(self, during: object, *, md5_etag: bool, rewrites: int = 1) -> None:
        self.during = during
        self.md5_etag = md5_etag
        self.rewrites = rewrites
        self.stored: list[bytes] = []
        self.puts = 0
        self.lock = threading.Lock()

    def __call__(self, conn: socket.socket, srv: rawserver.RawServer) -> None:
        while True:
            head = rawserver.read_head(conn)
            if not head:
                return
            top, _, early = head.partition(b"\r\n\r\n")
            length = 0
            for line in top.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if top.startswith(b"POST"):
                body = early
                while len(body) < length:
                    body += conn.recv(65536)
                doc = {"code": 200, "msg": "success", "data": {
                    "uploadUrl": f"{srv.url}/bucket/a.png",
                    "publicUrl": "https://files.example/a.png",
                    "expiresAt": "2099-01-01T00:00:00Z"}}  # fmt: skip
                srv.send(conn, _ok(json.dumps(doc).encode()))
                continue
            with self.lock:
                self.puts += 1
                slow = self.puts <= self.rewrites
            body = early
            touched = False
            while len(body) < length:
                piece = conn.recv(64 * 1024 if slow else 1024 * 1024)
                if not piece:
                    return  # cut short: nothing is kept, as a storage keeps nothing of it
                body += piece
                if slow:
                    if not touched and len(body) >= 512 * 1024:
                        touched = True
                        self.during()  # type: ignore[operator]
                    if not srv.sleep(0.005):
                        return
            self.stored.append(body)
            digest = hashlib.md5(body, usedforsecurity=False).hexdigest()
            extra = f'ETag: "{digest}"\r\n' if self.md5_etag else ""
            srv.send(conn, f"HTTP/1.1 200 OK\r\n{extra}Content-Length: 0\r\n\r\n".encode())


def _ok(body: bytes) -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


def _versions(path: Path) -> tuple[bytes, bytes]:
    old = path.read_bytes()
    head = 4096
    new = old[:head] + bytes(b ^ 0x5A for b in old[head:])  # same size, same type
    assert len(new) == len(old) and new != old
    return old, new


def _rewrite_in_place(path: Path, data: bytes) -> None:
    with path.open("r+b") as handle:  # the same inode, the same size: only the times move
        handle.write(data)
        handle.flush()


def _engine_run(srv: rawserver.RawServer, media: Media) -> tuple[UploadEngine, list[object]]:
    events: list[object] = []

    async def go() -> UploadEngine:
        client = FilesClient(base_url=srv.url, api_key=KEY, chunk_size=64 * 1024)
        engine = UploadEngine(
            client,
            options=EngineOptions(concurrency=1, retry=RetryPolicy(base=0.01, cap=0.02)),
            on_event=events.append,
        )
        engine.add([media])
        await engine.wait_idle()
        await client.aclose()
        return engine

    return run(go()), events


def _small_buffers(srv: rawserver.RawServer) -> None:
    # Accepted sockets inherit it: the client can then read only a little ahead of the storage.
    srv.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)


@pytest.mark.parametrize("md5_etag", [False, True], ids=["no-etag", "md5-etag"])
def test_a_file_rewritten_during_its_put_is_sent_again_whole(
    tmp_path: Path, md5_etag: bool
) -> None:
    path = big_png(tmp_path / "a.png", SIZE)
    old, new = _versions(path)
    media = inspect(path)
    assert isinstance(media, Media)
    storage = SlowStorage(lambda: _rewrite_in_place(path, new), md5_etag=md5_etag)
    server = rawserver.RawServer(storage)
    _small_buffers(server)
    with server as srv:
        engine, events = _engine_run(srv, media)
    (job,) = engine.jobs.values()
    assert job.state is State.DONE, [getattr(e, "reason", e) for e in events]
    # Every body the storage kept is a version of the file that existed, and the last is the new.
    assert storage.stored, "nothing was stored"
    for body in storage.stored:
        assert body in (old, new), "a torn file was published"
    assert storage.stored[-1] == new
    retried = [e.reason for e in events if isinstance(e, JobRetrying)]
    assert retried and "the file changed while it was being sent" in retried[0]
    assert isinstance(retried[0], str)


def test_a_file_that_keeps_changing_fails_with_a_sentence_and_nothing_torn(
    tmp_path: Path,
) -> None:
    path = big_png(tmp_path / "a.png", SIZE)
    old, new = _versions(path)
    media = inspect(path)
    assert isinstance(media, Media)
    flip = [old, new]

    def rewrite() -> None:
        flip.reverse()
        _rewrite_in_place(path, flip[0])

    storage = SlowStorage(rewrite, md5_etag=False, rewrites=MAX_REREADS + 5)
    server = rawserver.RawServer(storage)
    _small_buffers(server)
    with server as srv:
        engine, events = _engine_run(srv, media)
    (job,) = engine.jobs.values()
    assert job.state is State.FAILED
    assert storage.stored == []
    assert storage.puts == MAX_REREADS + 1
    (failed,) = [e for e in events if isinstance(e, JobFailed)]
    assert "kept changing while it was being sent" in failed.reason
    assert failed.why == Reason.of("file_kept_changing", name="a.png", tries=MAX_REREADS + 1)
