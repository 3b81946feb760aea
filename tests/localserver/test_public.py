"""GET /public/<key>: Range support and the 7-day lifetime."""

from __future__ import annotations

import httpx
import pytest

from app.localserver import LocalServer
from app.localserver.public import parse_range

from .conftest import presign

BODY = bytes(range(256)) * 4  # 1024 bytes, each offset recognisable


@pytest.fixture
def public_url(server: LocalServer, client: httpx.Client) -> str:
    data = presign(client, server, "video/mp4", "v.mp4")
    r = client.put(data["uploadUrl"], content=BODY, headers={"Content-Type": "video/mp4"})
    assert r.status_code == 200
    return data["publicUrl"]


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, 1023),
        ("bytes=-10", 1014, 1023),
        ("bytes=1000-5000", 1000, 1023),
        ("bytes=-5000", 0, 1023),
    ],
)
def test_range_is_206(
    client: httpx.Client, public_url: str, header: str, first: int, last: int
) -> None:
    r = client.get(public_url, headers={"Range": header})
    assert r.status_code == 206
    assert r.content == BODY[first : last + 1]
    assert r.headers["content-range"] == f"bytes {first}-{last}/1024"
    assert r.headers["content-length"] == str(last - first + 1)
    assert r.headers["content-type"] == "video/mp4"


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_range_is_416(client: httpx.Client, public_url: str, header: str) -> None:
    r = client.get(public_url, headers={"Range": header})
    assert r.status_code == 416
    assert r.headers["content-range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-3", "bytes=9-2"])
def test_unsupported_range_serves_everything(
    client: httpx.Client, public_url: str, header: str
) -> None:
    r = client.get(public_url, headers={"Range": header})
    assert r.status_code == 200 and r.content == BODY


def test_head_with_range(client: httpx.Client, public_url: str) -> None:
    r = client.head(public_url, headers={"Range": "bytes=0-9"})
    assert r.status_code == 206 and r.headers["content-length"] == "10"
    assert r.content == b""


def test_parse_range_edges() -> None:
    assert parse_range("bytes=0-0", 1) == (0, 0)
    assert parse_range("bytes=0-", 0) == "unsatisfiable"
    assert parse_range("bytes=-1", 0) == "unsatisfiable"
    assert parse_range(None, 10) is None


def test_unknown_key_is_404(server: LocalServer, client: httpx.Client) -> None:
    r = client.get(f"{server.base_url}/public/uploads/nobody/none.png")
    assert r.status_code == 404 and "<Code>NoSuchKey</Code>" in r.text


def test_public_url_dies_after_seven_days(
    server: LocalServer, client: httpx.Client, public_url: str
) -> None:
    server.clock.advance(7 * 86400 - 5)
    assert client.get(public_url).status_code == 200
    server.clock.advance(10)
    r = client.get(public_url)
    assert r.status_code == 404 and "<Code>NoSuchKey</Code>" in r.text
    assert server.read_object(public_url) is None
    server.clock.reset()  # deleted, not merely hidden
    assert client.get(public_url).status_code == 404


def test_big_object_streams(server: LocalServer, client: httpx.Client) -> None:
    body = b"\x01\x02\x03" * (3 * 1048576)
    data = presign(client, server, "audio/wav", "a.wav")
    assert (
        client.put(
            data["uploadUrl"], content=body, headers={"Content-Type": "audio/wav"}
        ).status_code
        == 200
    )
    with client.stream("GET", data["publicUrl"]) as r:
        got = b"".join(r.iter_bytes())
    assert got == body
