"""A dead or throttling service stops the batch once, with one sentence (issue 16, item 4).

Before: every file paid the whole retry schedule on its own (ten files against a silent server took
481 s at three at a time; against ``429`` with ``Retry-After: 3600``, 443 s). The numbers for the
real defaults are printed by benchmarks/outage.py; here the limits are small and the counts exact.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.core.api import FilesClient
from app.core.breaker import THRESHOLD
from app.core.media import Media, inspect
from app.core.uploads import (
    EngineOptions,
    Event,
    JobFailed,
    RetryPolicy,
    ServiceBack,
    ServiceDown,
    State,
    UploadEngine,
)
from app.localserver import LocalServer
from tests import rawserver
from tests.helpers import make_png, run

KEY = "test-key-123"
ROOT = Path(__file__).resolve().parents[2]


def ten_files(tmp_path: Path, n: int = 10) -> list[Media]:
    out = []
    for i in range(n):
        path = tmp_path / f"f{i}.png"
        path.write_bytes(make_png(seed=i))
        item = inspect(path)
        assert isinstance(item, Media)
        out.append(item)
    return out


def throttled(conn: socket.socket, srv: rawserver.RawServer) -> None:
    rawserver.read_request(conn)
    body = json.dumps({"code": 429, "msg": "Too many requests"}).encode()
    reply = rawserver.answer(429, body).replace(b"\r\n\r\n", b"\r\nRetry-After: 3600\r\n\r\n", 1)
    srv.send(conn, reply)


class ComesBack:
    """Silent for the first ``silent`` connections, then a working API and storage."""

    def __init__(self, silent: int) -> None:
        self.silent = silent
        self.seen = 0
        self.lock = threading.Lock()

    def __call__(self, conn: socket.socket, srv: rawserver.RawServer) -> None:
        with self.lock:
            self.seen += 1
            mine = self.seen
        if mine <= self.silent:
            rawserver.silent(conn, srv)
            return
        while True:
            request = rawserver.read_request(conn)
            if not request.strip():
                return
            if request.startswith(b"POST"):
                body = json.dumps({"code": 200, "msg": "success", "data": {
                    "uploadUrl": f"{srv.url}/bucket/{mine}.png",
                    "publicUrl": f"https://files.example/{mine}.png",
                    "expiresAt": "2099-01-01T00:00:00Z"}}).encode()  # fmt: skip
            else:
                body = b""
            srv.send(
                conn,
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body,
            )


def _batch(
    url: str, media: list[Media], options: EngineOptions, deadline: float = 0.3
) -> tuple[UploadEngine, list[Event]]:
    events: list[Event] = []

    async def go() -> UploadEngine:
        client = FilesClient(base_url=url, api_key=KEY, api_deadline=deadline)
        engine = UploadEngine(client, options=options, on_event=events.append)
        engine.add(media)
        await engine.wait_idle()
        await client.aclose()
        return engine

    return run(go()), events


def test_ten_files_against_a_silent_server_stop_after_a_few_requests(tmp_path: Path) -> None:
    media = ten_files(tmp_path)
    options = EngineOptions(concurrency=3, retry=RetryPolicy(base=0.05, cap=0.1))
    with rawserver.serving(rawserver.silent) as srv:
        start = time.monotonic()
        engine, events = _batch(srv.url, media, options)
        took = rawserver.elapsed(start)
        connections = srv.connections
    # Each file used to try 5 times on its own: 50 requests. Now the batch stops once the
    # same failure came THRESHOLD times in a row, and what is left waits.
    assert connections <= THRESHOLD + 2, connections
    assert took < 3.0
    (down,) = [e for e in events if isinstance(e, ServiceDown)]
    assert "The service is not answering" in down.reason
    assert "did not answer within 0.3 s" in down.reason
    assert "try again after" in down.reason
    assert engine.outage is not None
    assert all(job.state is State.QUEUED for job in engine.jobs.values())
    assert not [e for e in events if isinstance(e, JobFailed)]


def test_a_retry_after_longer_than_the_app_waits_stops_the_batch_at_once(tmp_path: Path) -> None:
    media = ten_files(tmp_path)
    options = EngineOptions(concurrency=3)  # the real retry policy: waits of at most 30 s
    with rawserver.serving(throttled) as srv:
        start = time.monotonic()
        _, events = _batch(srv.url, media, options)
        took = rawserver.elapsed(start)
        connections = srv.connections
    assert took < 5.0
    assert connections <= 3  # the three first files; none of them asked again
    downs = [e for e in events if isinstance(e, ServiceDown)]
    assert len(downs) == 1
    assert "asks to wait 60 min" in downs[0].reason
    assert downs[0].retry_in == 3600


def test_the_window_asks_again_by_itself_and_goes_on_when_the_service_answers(
    tmp_path: Path,
) -> None:
    media = ten_files(tmp_path, 5)
    options = EngineOptions(
        concurrency=3,
        retry=RetryPolicy(base=0.05, cap=0.1),
        probe_outage=True,
        probe_first=0.2,
    )
    server = ComesBack(silent=4)
    with rawserver.serving(server) as srv:
        engine, events = _batch(srv.url, media, options)
    kinds = [type(e) for e in events if isinstance(e, ServiceDown | ServiceBack)]
    assert kinds == [ServiceDown, ServiceBack]
    assert all(job.state is State.DONE for job in engine.jobs.values())
    assert engine.outage is None


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_that_says_down_in_a_row_stops_the_batch(
    local_server: LocalServer, tmp_path: Path, status: int
) -> None:
    media = ten_files(tmp_path, 4)
    local_server.faults.api_status(status, times=20)
    options = EngineOptions(concurrency=1, retry=RetryPolicy(base=0.01, cap=0.02))
    _, events = _batch(local_server.base_url, media, options)
    assert len(local_server.api_requests) == THRESHOLD
    (down,) = [e for e in events if isinstance(e, ServiceDown)]
    assert f"HTTP {status}" in down.reason


def test_failures_that_are_not_in_a_row_do_not_stop_the_batch(tmp_path: Path) -> None:
    """One silent connection in every few: each file gets through on its own retry."""
    media = ten_files(tmp_path, 4)
    lock = threading.Lock()
    count = [0]
    working = ComesBack(silent=0)

    def every_third_silent(conn: socket.socket, srv: rawserver.RawServer) -> None:
        with lock:
            count[0] += 1
            mine = count[0]
        if mine % 3 == 1:
            rawserver.silent(conn, srv)
        else:
            working(conn, srv)

    options = EngineOptions(concurrency=1, retry=RetryPolicy(base=0.05, cap=0.1))
    with rawserver.serving(every_third_silent) as srv:
        engine, events = _batch(srv.url, media, options)
    assert not [e for e in events if isinstance(e, ServiceDown)]
    assert all(job.state is State.DONE for job in engine.jobs.values())


def test_the_last_429_does_not_promise_another_try(tmp_path: Path) -> None:
    media = ten_files(tmp_path, 1)

    def busy(conn: socket.socket, srv: rawserver.RawServer) -> None:
        rawserver.read_request(conn)
        srv.send(conn, rawserver.answer(429, json.dumps({"code": 429, "msg": "slow"}).encode()))

    options = EngineOptions(retry=RetryPolicy(max_retries=2, base=0.01, cap=0.02))
    with rawserver.serving(busy) as srv:
        _, events = _batch(srv.url, media, options)
    (failed,) = [e for e in events if isinstance(e, JobFailed)]
    assert "busy" in failed.reason and "It was tried 3 times." in failed.reason
    assert "Will try again" not in failed.reason


def test_the_command_line_says_it_once_and_fails_every_file_at_once(tmp_path: Path) -> None:
    paths = [m.path for m in ten_files(tmp_path, 6)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["APIMODELS_API_KEY"] = KEY
    with rawserver.serving(throttled) as srv:
        start = time.monotonic()
        argv = ["upload", "--json", "--base-url", srv.url, "--data-dir", str(tmp_path / "data")]
        done = subprocess.run(
            [sys.executable, str(ROOT / "main.py"), *argv, *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        took = rawserver.elapsed(start)
    assert done.returncode == 1
    assert took < 20
    assert done.stderr.count("asks to wait 60 min") == 1, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 6 and all("asks to wait 60 min" in line["error"] for line in lines)
    assert "6 failed" in done.stderr
