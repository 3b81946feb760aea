"""POST /api/v1/files: every documented refusal, with its exact status and message."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from app.localserver import LocalServer

from .conftest import AUTH, PNG, files_url, presign

MiB = 1_048_576


def post_json(client: httpx.Client, srv: LocalServer, body: object) -> httpx.Response:
    return client.post(files_url(srv), headers=AUTH, json=body)


def assert_error(r: httpx.Response, status: int, msg: str) -> None:
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"code": status, "msg": msg}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-key"},
        {"Authorization": "test-key"},
        {"Authorization": "Basic test-key"},
        {"Authorization": "Bearer"},
    ],
)
def test_missing_or_wrong_key_is_401(
    server: LocalServer, client: httpx.Client, headers: dict[str, str]
) -> None:
    r = client.post(
        files_url(server), headers=headers, json={"filename": "a.png", "contentType": "image/png"}
    )
    assert_error(r, 401, "Invalid or missing API key")


def test_key_checked_before_anything_else(server: LocalServer, client: httpx.Client) -> None:
    r = client.post(files_url(server), content=b"x", headers={"Content-Type": "text/plain"})
    assert_error(r, 401, "Invalid or missing API key")


def test_disabled_key_is_401_and_added_key_works(server: LocalServer, client: httpx.Client) -> None:
    body = {"filename": "a.png", "contentType": "image/png"}
    server.disable_key("test-key")
    assert_error(post_json(client, server, body), 401, "Invalid or missing API key")
    server.enable_key("test-key")
    assert post_json(client, server, body).status_code == 200
    server.api_keys.add("other")
    r = client.post(files_url(server), headers={"Authorization": "Bearer other"}, json=body)
    assert r.status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_other_request_types_are_400(
    server: LocalServer, client: httpx.Client, content_type: str | None
) -> None:
    headers = dict(AUTH)
    if content_type:
        headers["Content-Type"] = content_type
    r = client.post(files_url(server), headers=headers, content=b"filename=a.png")
    assert_error(r, 400, "Expected multipart/form-data or application/json")


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]", b'"a string"', b"\xff\xfe"])
def test_invalid_json_is_400(server: LocalServer, client: httpx.Client, raw: bytes) -> None:
    headers = {**AUTH, "Content-Type": "application/json"}
    r = client.post(files_url(server), headers=headers, content=raw)
    assert_error(r, 400, "Invalid JSON body")


def test_json_with_charset_is_still_json(server: LocalServer, client: httpx.Client) -> None:
    headers = {**AUTH, "Content-Type": "application/json; charset=utf-8"}
    r = client.post(
        files_url(server),
        headers=headers,
        content=b'{"filename":"a.png","contentType":"image/png"}',
    )
    assert r.status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"filename": "a.png"},
        {"contentType": "image/png"},
        {"filename": "", "contentType": "image/png"},
        {"filename": "a.png", "contentType": ""},
        {"filename": 3, "contentType": "image/png"},
    ],
)
def test_missing_fields_are_400(server: LocalServer, client: httpx.Client, body: object) -> None:
    assert_error(post_json(client, server, body), 400, "filename and contentType are required")


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "text/html", "application/octet-stream", "IMAGE/PNG"]
)
def test_types_outside_allow_list_are_400(
    server: LocalServer, client: httpx.Client, content_type: str
) -> None:
    r = post_json(client, server, {"filename": "a.bin", "contentType": content_type})
    assert_error(r, 400, "Only image/, video/, or audio/ content types are accepted")


@pytest.mark.parametrize(
    ("content_type", "size", "msg"),
    [
        ("image/png", 10 * MiB + 1, "File too large (max 10MB)"),
        ("video/mp4", 100 * MiB + 1, "File too large (max 100MB)"),
        ("audio/mpeg", 100 * MiB + 1, "File too large (max 100MB)"),
    ],
)
def test_over_cap_is_400(
    server: LocalServer, client: httpx.Client, content_type: str, size: int, msg: str
) -> None:
    r = post_json(client, server, {"filename": "a", "contentType": content_type, "fileSize": size})
    assert_error(r, 400, msg)


@pytest.mark.parametrize(
    ("content_type", "size"), [("image/png", 10 * MiB), ("video/mp4", 100 * MiB), ("audio/wav", 0)]
)
def test_at_cap_is_accepted(
    server: LocalServer, client: httpx.Client, content_type: str, size: int
) -> None:
    r = post_json(client, server, {"filename": "a", "contentType": content_type, "fileSize": size})
    assert r.status_code == 200


def test_storage_not_configured_is_500(server: LocalServer, client: httpx.Client) -> None:
    server.storage_configured = False
    r = post_json(client, server, {"filename": "a.png", "contentType": "image/png"})
    assert_error(r, 500, "Storage not configured")
    r = client.post(files_url(server), headers=AUTH, files={"file": ("a.png", PNG, "image/png")})
    assert_error(r, 500, "Storage not configured")


def test_presigned_success_shape(server: LocalServer, client: httpx.Client) -> None:
    before = server.clock.now()
    r = post_json(client, server, {"filename": "My Photo.PNG", "contentType": "image/png"})
    body = r.json()
    assert r.status_code == 200 and body["code"] == 200 and body["msg"] == "success"
    data = body["data"]
    assert set(data) == {"uploadUrl", "publicUrl", "expiresAt"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", data["expiresAt"])
    expires = datetime.strptime(data["expiresAt"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert abs(expires - (before + timedelta(seconds=600))) < timedelta(seconds=2)
    key = data["publicUrl"].removeprefix(f"{server.base_url}/public/")
    assert re.fullmatch(r"uploads/[A-Za-z0-9]+/\d{13}-[0-9a-f]+\.png", key)
    assert data["uploadUrl"].startswith(f"{server.base_url}/apimodels/{key}?")
    assert "X-Amz-Signature=" in data["uploadUrl"]
    assert "X-Amz-SignedHeaders=content-type%3Bhost" in data["uploadUrl"]
    assert server.api_requests[-1].mode == "presigned"
    assert server.api_requests[-1].status == 200


def test_extension_is_sanitised(server: LocalServer, client: httpx.Client) -> None:
    data = presign(client, server, "video/mp4", filename="../../evil name.M P4")
    assert data["publicUrl"].endswith(".mp4")
    data = presign(client, server, "audio/mpeg", filename="noext")
    assert data["publicUrl"].endswith(".mp3")


def test_settable_caps_and_ttl() -> None:
    with LocalServer(image_cap=1000, upload_ttl=60) as srv, httpx.Client() as c:
        r = c.post(
            files_url(srv),
            headers=AUTH,
            json={"filename": "a.png", "contentType": "image/png", "fileSize": 1001},
        )
        assert r.json() == {"code": 400, "msg": "File too large (max 1000 bytes)"}
        data = presign(c, srv)
        assert "X-Amz-Expires=60&" in data["uploadUrl"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"filename":"a.png","contentType":"image/png","fileSize":NaN}',
        b'{"filename":"a.png","contentType":"image/png","fileSize":Infinity}',
        '{"filename":"a.png","contentType":"image/png"}'.encode("utf-16"),
    ],
)
def test_json_that_javascript_would_not_parse_is_400(
    server: LocalServer, client: httpx.Client, raw: bytes
) -> None:
    r = client.post(
        files_url(server), headers={**AUTH, "Content-Type": "application/json"}, content=raw
    )
    assert r.status_code == 400 and r.json() == {"code": 400, "msg": "Invalid JSON body"}


def test_a_numeric_string_size_is_still_capped(server: LocalServer, client: httpx.Client) -> None:
    r = client.post(
        files_url(server),
        headers=AUTH,
        json={"filename": "a.png", "contentType": "image/png", "fileSize": "99999999"},
    )
    assert r.status_code == 400 and r.json()["msg"] == "File too large (max 10MB)"


def test_the_scheme_must_be_bearer_as_written(server: LocalServer, client: httpx.Client) -> None:
    r = client.post(
        files_url(server),
        headers={"Authorization": "bearer test-key"},
        json={"filename": "a.png", "contentType": "image/png"},
    )
    assert r.status_code == 401
