"""PUT to the upload URL: accepted when signed right, refused in S3's order otherwise."""

from __future__ import annotations

import hashlib
import time

import httpx
import pytest

from app.localserver import LocalServer

from .conftest import PNG, presign, raw_request, status_of, target

MiB = 1_048_576


def put(client: httpx.Client, url: str, body: bytes, content_type: str | None) -> httpx.Response:
    headers = {"Content-Type": content_type} if content_type else {}
    return client.put(url, content=body, headers=headers)


def s3_code(r: httpx.Response) -> str:
    assert r.headers["content-type"].startswith("application/xml")
    assert r.text.startswith("<?xml")
    return r.text.split("<Code>", 1)[1].split("</Code>", 1)[0]


def test_round_trip_is_byte_identical(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server, fileSize=len(PNG))
    assert client.get(data["publicUrl"]).status_code == 404  # not before the PUT
    r = put(client, data["uploadUrl"], PNG, "image/png")
    assert r.status_code == 200 and r.content == b""
    assert r.headers["etag"] == f'"{hashlib.md5(PNG, usedforsecurity=False).hexdigest()}"'
    g = client.get(data["publicUrl"])
    assert g.status_code == 200 and g.content == PNG
    assert g.headers["content-type"] == "image/png"
    assert g.headers["content-length"] == str(len(PNG))
    assert g.headers["accept-ranges"] == "bytes"
    assert server.read_object(data["publicUrl"]) == PNG
    assert server.object_content_type(data["publicUrl"]) == "image/png"
    rec = server.puts[-1]
    assert rec.status == 200 and rec.content_length == rec.bytes_received == len(PNG)
    assert rec.headers["content-type"] == "image/png" and "X-Amz-Signature=" in rec.query
    h = client.head(data["publicUrl"])
    assert h.status_code == 200 and h.headers["content-length"] == str(len(PNG))


def test_big_video_round_trip(server: LocalServer, client: httpx.Client) -> None:
    body = bytes(range(256)) * (12 * 4096)  # 12 MiB, over the image cap
    data = presign(client, server, "video/mp4", "clip.mp4", fileSize=len(body))
    assert put(client, data["uploadUrl"], body, "video/mp4").status_code == 200
    assert client.get(data["publicUrl"]).content == body


@pytest.mark.parametrize("content_type", ["image/jpeg", "image/png; charset=utf-8", "IMAGE/PNG"])
def test_wrong_content_type_is_403(
    server: LocalServer, client: httpx.Client, content_type: str
) -> None:
    data = presign(client, server)
    r = put(client, data["uploadUrl"], PNG, content_type)
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch"
    assert server.read_object(data["publicUrl"]) is None


def test_missing_content_type_is_403(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    r = put(client, data["uploadUrl"], PNG, None)
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("X-Amz-Expires=600", "X-Amz-Expires=6000"),
        ("content-type%3Bhost", "host"),
        ("X-Amz-Algorithm=AWS4-HMAC-SHA256&", "X-Amz-Algorithm=AWS4-HMAC-SHA256&extra=1&"),
        ("/uploads/", "/uploads//"),
    ],
)
def test_tampered_url_is_403(server: LocalServer, client: httpx.Client, old: str, new: str) -> None:
    data = presign(client, server)
    assert old in data["uploadUrl"]
    r = put(client, data["uploadUrl"].replace(old, new, 1), PNG, "image/png")
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch"


def test_changed_signature_byte_is_403(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    url = data["uploadUrl"]
    last = url[-1]
    r = put(client, url[:-1] + ("0" if last != "0" else "1"), PNG, "image/png")
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch"


def test_wrong_host_is_403(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    url = data["uploadUrl"].replace("127.0.0.1", "localhost", 1)
    r = put(client, url, PNG, "image/png")
    assert r.status_code == 403 and s3_code(r) == "SignatureDoesNotMatch"


def test_unsigned_put_is_403(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    r = put(client, data["uploadUrl"].split("?")[0], PNG, "image/png")
    assert r.status_code == 403 and s3_code(r) == "AccessDenied"


def test_expired_url_is_403_access_denied(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    server.clock.advance(601)
    r = put(client, data["uploadUrl"], PNG, "image/png")
    assert r.status_code == 403 and s3_code(r) == "AccessDenied"
    assert "<Message>Request has expired</Message>" in r.text
    for tag in ("X-Amz-Expires", "Expires", "ServerTime"):
        assert f"<{tag}>" in r.text
    assert server.read_object(data["publicUrl"]) is None


def test_url_still_valid_just_before_deadline(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    server.clock.advance(598)
    assert put(client, data["uploadUrl"], PNG, "image/png").status_code == 200


def test_signature_is_checked_before_expiry(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    server.clock.advance(601)
    r = put(client, data["uploadUrl"], PNG, "image/jpeg")
    assert s3_code(r) == "SignatureDoesNotMatch"


def test_chunked_is_501(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)

    def gen() -> object:
        yield PNG[:10]
        yield PNG[10:]

    r = client.put(data["uploadUrl"], content=gen(), headers={"Content-Type": "image/png"})  # type: ignore[arg-type]
    assert r.status_code == 501 and s3_code(r) == "NotImplemented"
    assert "<Header>Transfer-Encoding</Header>" in r.text
    assert server.puts[-1].headers["transfer-encoding"] == "chunked"
    assert server.read_object(data["publicUrl"]) is None


def test_no_content_length_is_411(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    url = data["uploadUrl"]
    head = (
        f"PUT {target(url)} HTTP/1.1\r\nHost: {server.base_url[7:]}\r\n"
        "Content-Type: image/png\r\nConnection: close"
    )
    reply = raw_request(url, head)
    assert status_of(reply) == 411 and b"<Code>MissingContentLength</Code>" in reply
    assert server.puts[-1].content_length is None


def test_over_cap_is_400_before_reading_body(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    url = data["uploadUrl"]
    head = (
        f"PUT {target(url)} HTTP/1.1\r\nHost: {server.base_url[7:]}\r\n"
        f"Content-Type: image/png\r\nContent-Length: {10 * MiB + 1}\r\nConnection: close"
    )
    reply = raw_request(url, head)  # no body sent: the answer must come anyway
    assert status_of(reply) == 400 and b"<Code>EntityTooLarge</Code>" in reply
    assert server.puts[-1].bytes_received == 0


def test_over_general_cap_is_400(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server, "video/mp4", "a.mp4")
    url = data["uploadUrl"]
    head = (
        f"PUT {target(url)} HTTP/1.1\r\nHost: {server.base_url[7:]}\r\n"
        f"Content-Type: video/mp4\r\nContent-Length: {100 * MiB + 1}\r\nConnection: close"
    )
    reply = raw_request(url, head)
    assert status_of(reply) == 400 and b"<Code>EntityTooLarge</Code>" in reply


def test_short_body_is_incomplete_and_invisible(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    url = data["uploadUrl"]
    head = (
        f"PUT {target(url)} HTTP/1.1\r\nHost: {server.base_url[7:]}\r\n"
        f"Content-Type: image/png\r\nContent-Length: {len(PNG) + 100}"
    )
    raw_request(url, head, PNG, half_close=True)
    deadline = time.monotonic() + 5
    while server.puts[-1].status is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.puts[-1].error_code == "IncompleteBody"
    assert server.puts[-1].status == 400
    assert server.read_object(data["publicUrl"]) is None
    assert client.get(data["publicUrl"]).status_code == 404
    assert list((server.data_dir / "tmp").iterdir()) == []


def test_stalled_body_times_out_and_stays_invisible() -> None:
    with LocalServer(body_timeout=0.3) as srv, httpx.Client() as c:
        data = presign(c, srv)
        url = data["uploadUrl"]
        head = (
            f"PUT {target(url)} HTTP/1.1\r\nHost: {srv.base_url[7:]}\r\n"
            f"Content-Type: image/png\r\nContent-Length: {len(PNG) + 100}"
        )
        reply = raw_request(url, head, PNG)
        assert status_of(reply) == 400 and b"<Code>RequestTimeout</Code>" in reply
        assert srv.read_object(data["publicUrl"]) is None


def test_second_put_replaces_object(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    assert put(client, data["uploadUrl"], PNG, "image/png").status_code == 200
    assert put(client, data["uploadUrl"], b"other", "image/png").status_code == 200
    assert client.get(data["publicUrl"]).content == b"other"
    assert len(list((server.data_dir / "objects").glob("*.bin"))) == 1


def test_clock_set_signs_with_server_time(server: LocalServer, client: httpx.Client) -> None:
    from datetime import UTC, datetime

    server.clock.set(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    data = presign(client, server)
    assert "X-Amz-Date=20300102T0304" in data["uploadUrl"]
    assert data["expiresAt"].startswith("2030-01-02T03:14:")
    assert put(client, data["uploadUrl"], PNG, "image/png").status_code == 200


def test_a_second_signature_parameter_is_refused(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server)
    r = put(client, data["uploadUrl"] + "&X-Amz-Signature=deadbeef", PNG, "image/png")
    assert r.status_code == 400 and s3_code(r) == "AuthorizationQueryParametersError"
    assert server.read_object(data["publicUrl"]) is None


def test_a_refusal_comes_before_the_body_when_the_client_asks_first(
    server: LocalServer, client: httpx.Client
) -> None:
    data = presign(client, server)
    server.clock.advance(601)
    started = time.monotonic()
    reply = raw_request(
        data["uploadUrl"],
        f"PUT {target(data['uploadUrl'])} HTTP/1.1\r\nHost: {server.base_url[7:]}\r\n"
        f"Content-Type: image/png\r\nContent-Length: {9 * MiB}\r\nExpect: 100-continue",
    )
    assert time.monotonic() - started < 5  # no body was sent, and none was waited for
    assert status_of(reply) == 403
    assert b"100 Continue" not in reply and b"Request has expired" in reply
