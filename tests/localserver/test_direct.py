"""Direct (multipart) mode, and the hosting proxy's request-size limit in front of it."""

from __future__ import annotations

import httpx
import pytest

from app.localserver import LocalServer

from .conftest import AUTH, PNG, files_url


def post_file(
    client: httpx.Client, srv: LocalServer, name: str, body: bytes, part_type: str | None
) -> httpx.Response:
    file = (name, body, part_type) if part_type else (name, body)
    return client.post(files_url(srv), headers=AUTH, files={"file": file})  # type: ignore[dict-item]


def test_direct_round_trip(server: LocalServer, client: httpx.Client) -> None:
    r = post_file(client, server, "ref.png", PNG, "image/png")
    body = r.json()
    assert r.status_code == 200 and body["code"] == 200 and body["msg"] == "success"
    assert set(body["data"]) == {"publicUrl"}
    url = body["data"]["publicUrl"]
    assert url.startswith(f"{server.base_url}/public/uploads/") and url.endswith(".png")
    g = client.get(url)
    assert g.status_code == 200 and g.content == PNG and g.headers["content-type"] == "image/png"
    assert server.api_requests[-1].mode == "direct"


@pytest.mark.parametrize(
    ("name", "part_type", "expected"),
    [
        ("ref.png", None, "image/png"),
        ("clip.mp4", "application/octet-stream", "video/mp4"),
        ("song.mp3", None, "audio/mpeg"),
    ],
)
def test_missing_part_type_is_guessed(
    server: LocalServer, client: httpx.Client, name: str, part_type: str | None, expected: str
) -> None:
    # httpx, like requests, may fill in a type from the name; force "no type" on the wire.
    boundary = "b0undary"
    part_head = f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
    if part_type:
        part_head += f"Content-Type: {part_type}\r\n"
    raw = f"--{boundary}\r\n{part_head}\r\n".encode() + PNG + f"\r\n--{boundary}--\r\n".encode()
    headers = {**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    r = client.post(files_url(server), headers=headers, content=raw)
    assert r.status_code == 200, r.text
    assert server.object_content_type(r.json()["data"]["publicUrl"]) == expected


def test_unknown_extension_without_type_is_refused(
    server: LocalServer, client: httpx.Client
) -> None:
    r = post_file(client, server, "data.qqq", PNG, "application/octet-stream")
    assert r.json() == {
        "code": 400,
        "msg": "Only image/, video/, or audio/ content types are accepted",
    }


def test_no_file_field_is_400(server: LocalServer, client: httpx.Client) -> None:
    expected = {"code": 400, "msg": 'No file provided (expected form field "file")'}
    r = client.post(files_url(server), headers=AUTH, files={"image": ("a.png", PNG, "image/png")})
    assert r.status_code == 400 and r.json() == expected
    r = client.post(files_url(server), headers=AUTH, data={"file": "not a file"}, files={"x": b"1"})
    assert r.status_code == 400 and r.json() == expected


def test_pdf_part_is_400(server: LocalServer, client: httpx.Client) -> None:
    r = post_file(client, server, "doc.pdf", b"%PDF-1.4", "application/pdf")
    assert r.status_code == 400
    assert r.json()["msg"] == "Only image/, video/, or audio/ content types are accepted"


def test_direct_over_image_cap_is_400() -> None:
    with LocalServer(image_cap=100) as srv, httpx.Client() as c:
        r = post_file(c, srv, "ref.png", PNG + b"\0" * 100, "image/png")
        assert r.json() == {"code": 400, "msg": "File too large (max 100 bytes)"}


def test_over_proxy_limit_is_413_not_json(server: LocalServer, client: httpx.Client) -> None:
    big = b"\0" * 4_600_000
    r = post_file(client, server, "big.png", big, "image/png")
    assert r.status_code == 413
    assert r.text == "Request Entity Too Large"
    assert not r.headers["content-type"].startswith("application/json")
    assert server.api_requests[-1].status == 413


def test_under_proxy_limit_is_accepted(server: LocalServer, client: httpx.Client) -> None:
    body = PNG + b"\0" * 4_000_000
    r = post_file(client, server, "big.png", body, "image/png")
    assert r.status_code == 200
    assert server.read_object(r.json()["data"]["publicUrl"]) == body


def test_proxy_limit_applies_to_chunked_bodies(server: LocalServer, client: httpx.Client) -> None:
    def gen() -> object:
        for _ in range(50):
            yield b"\0" * 100_000

    headers = {**AUTH, "Content-Type": "multipart/form-data; boundary=x"}
    r = client.post(files_url(server), headers=headers, content=gen())  # type: ignore[arg-type]
    assert r.status_code == 413 and r.text == "Request Entity Too Large"
