"""Injected faults: each is used up by `times` requests, then the server behaves again."""

from __future__ import annotations

import time

import httpx
import pytest

from app.localserver import LocalServer

from .conftest import AUTH, PNG, files_url, presign

BODY = PNG + bytes(300_000)


def ask(client: httpx.Client, srv: LocalServer) -> httpx.Response:
    return client.post(
        files_url(srv), headers=AUTH, json={"filename": "a.png", "contentType": "image/png"}
    )


def put(client: httpx.Client, url: str) -> httpx.Response:
    return client.put(url, content=BODY, headers={"Content-Type": "image/png"})


def test_api_status_envelope_times(server: LocalServer, client: httpx.Client) -> None:
    server.faults.api_status(503, times=2, retry_after=3)
    for _ in range(2):
        r = ask(client, server)
        assert r.status_code == 503
        assert r.json()["code"] == 503 and isinstance(r.json()["msg"], str)
        assert r.headers["retry-after"] == "3"
    assert ask(client, server).status_code == 200


def test_api_status_raw_html_body(server: LocalServer, client: httpx.Client) -> None:
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.faults.api_status(502, body=page)
    r = ask(client, server)
    assert r.status_code == 502 and r.text == page
    assert r.headers["content-type"].startswith("text/html")
    server.faults.api_status(500, body=b"")
    r = ask(client, server)
    assert r.status_code == 500 and r.content == b""


def test_api_fault_comes_before_auth(server: LocalServer, client: httpx.Client) -> None:
    server.faults.api_status(429)
    r = client.post(files_url(server), json={})
    assert r.status_code == 429 and r.json()["code"] == 429


@pytest.mark.parametrize(("status", "code"), [(500, "InternalError"), (503, "SlowDown")])
def test_put_status(server: LocalServer, client: httpx.Client, status: int, code: str) -> None:
    data = presign(client, server)
    server.faults.put_status(status)
    r = put(client, data["uploadUrl"])
    assert r.status_code == status and f"<Code>{code}</Code>" in r.text
    assert server.puts[-1].bytes_received == len(BODY)
    assert server.read_object(data["publicUrl"]) is None
    assert put(client, data["uploadUrl"]).status_code == 200
    assert server.read_object(data["publicUrl"]) == BODY


def test_put_reset_is_a_transport_error(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    server.faults.put_reset_after(1000, times=2)
    for _ in range(2):
        with pytest.raises(httpx.TransportError) as info:
            put(client, data["uploadUrl"])
        assert isinstance(
            info.value, httpx.RemoteProtocolError | httpx.WriteError | httpx.ReadError
        )
    assert [p.status for p in server.puts] == [None, None]
    assert all(p.fault == "reset" and p.bytes_received >= 1000 for p in server.puts)
    assert server.read_object(data["publicUrl"]) is None
    assert put(client, data["uploadUrl"]).status_code == 200


def test_stall_makes_client_time_out(server: LocalServer) -> None:
    with httpx.Client(timeout=httpx.Timeout(5, read=0.3)) as c:
        data = presign(c, server)
        server.faults.stall(1.0)
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            put(c, data["uploadUrl"])
        assert time.monotonic() - started < 0.9
    with httpx.Client(timeout=5) as c:
        assert put(c, data["uploadUrl"]).status_code == 200


def test_stall_delays_answer(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    server.faults.stall(0.4)
    started = time.monotonic()
    assert put(client, data["uploadUrl"]).status_code == 200
    assert time.monotonic() - started >= 0.4


def test_clear(server: LocalServer, client: httpx.Client) -> None:
    server.faults.api_status(500, times=3)
    server.faults.put_status(500)
    server.faults.clear()
    data = presign(client, server)
    assert put(client, data["uploadUrl"]).status_code == 200


def test_throttle_slows_the_body_and_clear_lifts_it(
    server: LocalServer, client: httpx.Client
) -> None:
    url = presign(client, server)["uploadUrl"]
    start = time.monotonic()
    assert put(client, url).status_code == 200
    fast = time.monotonic() - start
    server.faults.throttle(len(BODY) / 0.6)  # the whole body in about 0.6 s
    start = time.monotonic()
    assert put(client, presign(client, server)["uploadUrl"]).status_code == 200
    slow = time.monotonic() - start
    assert slow > 0.5 > fast
    server.faults.clear()
    assert server.faults.put_rate is None
