"""What the client sends, and where (issue 16, items 3 and 10).

- This computer is never reached through a proxy: with HTTP_PROXY set, a plain-http base on
  loopback would hand the key to the proxy in clear text.
- No cookie the API sets is ever sent back, to it or to the storage.
- An https service that hands out a plain-http upload URL (any host, this computer too) is refused.
- ``file:`` and ``javascript:`` upload URLs are told for what they are, not called "malformed".
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from pathlib import Path

import pytest
import trustme

from app.core.api import FilesClient
from app.core.errors import ProtocolError, UploadError
from app.localserver import LocalServer
from tests import rawserver
from tests.helpers import make_png, run

KEY = "test-key-123"
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


class Proxy:
    """Stands where a proxy would: records what reaches it and refuses everything."""

    def __init__(self) -> None:
        self.heads: list[bytes] = []
        self.lock = threading.Lock()

    def __call__(self, conn: socket.socket, srv: rawserver.RawServer) -> None:
        head = rawserver.read_head(conn)
        with self.lock:
            self.heads.append(head)
        srv.send(conn, rawserver.answer(502, b"no"))


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> object:
    recorder = Proxy()
    with rawserver.serving(recorder) as srv:
        for name in PROXY_VARS:
            monkeypatch.setenv(name, srv.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        yield recorder, srv


def test_a_loopback_base_never_goes_through_the_proxy(
    proxy: tuple[Proxy, rawserver.RawServer], local_server: LocalServer, tmp_path: Path
) -> None:
    recorder, srv = proxy
    path = tmp_path / "a.png"
    path.write_bytes(make_png())

    async def go() -> str:
        async with FilesClient(base_url=local_server.base_url, api_key="test-key") as client:
            presigned = await client.presign(
                filename="a.png", content_type="image/png", file_size=path.stat().st_size
            )
            await client.put(
                presigned.upload_url, path, content_type="image/png", size=path.stat().st_size
            )
            return presigned.public_url

    url = run(go())
    assert url.startswith(local_server.base_url)
    assert srv.connections == 0, recorder.heads
    assert not any(b"test-key" in head for head in recorder.heads)


def test_a_remote_base_still_goes_through_the_proxy_without_the_key_in_clear(
    proxy: tuple[Proxy, rawserver.RawServer],
) -> None:
    recorder, srv = proxy
    client = FilesClient(base_url="https://files.example", api_key=KEY)
    with pytest.raises(UploadError):
        run(client.check_key())
    run(client.aclose())
    assert srv.connections >= 1  # the proxy is honoured for the rest of the world
    assert recorder.heads[0].startswith(b"CONNECT files.example:443")
    assert not any(KEY.encode() in head for head in recorder.heads)


class CookieSetter:
    """A Files API and storage that sets a cookie on every answer and records every head."""

    def __init__(self) -> None:
        self.heads: list[bytes] = []

    def __call__(self, conn: socket.socket, srv: rawserver.RawServer) -> None:
        while True:
            request = rawserver.read_request(conn)
            if not request.strip():
                return
            head = request.partition(b"\r\n\r\n")[0]
            self.heads.append(head)
            if head.startswith(b"POST"):
                body = json.dumps({"code": 200, "msg": "success", "data": {
                    "uploadUrl": f"{srv.url}/bucket/a.png",
                    "publicUrl": "https://files.example/a.png",
                    "expiresAt": "2099-01-01T00:00:00Z"}}).encode()  # fmt: skip
            else:
                body = b""
            srv.send(
                conn,
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Set-Cookie: session=tracked; Path=/\r\n"
                b"Set-Cookie: other=x; Path=/; Domain=127.0.0.1\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body,
            )


def test_no_cookie_the_api_sets_is_ever_sent_back(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(make_png())
    recorder = CookieSetter()
    size = path.stat().st_size

    async def go(url: str) -> None:
        async with FilesClient(base_url=url, api_key=KEY) as client:
            for _ in range(2):
                presigned = await client.presign(
                    filename="a.png", content_type="image/png", file_size=size
                )
                await client.put(presigned.upload_url, path, content_type="image/png", size=size)

    with rawserver.serving(recorder) as srv:
        run(go(srv.url))
    assert [h.split(b" ")[0] for h in recorder.heads] == [b"POST", b"PUT", b"POST", b"PUT"]
    for head in recorder.heads:
        assert b"cookie:" not in head.lower(), head


@pytest.fixture
def tls_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[trustme.CA, ssl.SSLContext]:
    ca = trustme.CA()
    bundle = tmp_path / "store.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return ca, ctx


def _presigning(upload_url: str, public_url: str = "https://files.example/a.png") -> bytes:
    return json.dumps({"code": 200, "msg": "success", "data": {
        "uploadUrl": upload_url, "publicUrl": public_url,
        "expiresAt": "2099-01-01T00:00:00Z"}}).encode()  # fmt: skip


@pytest.mark.parametrize(
    "upload_url", ["http://localhost:9/b/a.png", "http://127.0.0.1:9/a", "http://[::1]:9/a"]
)
def test_an_https_service_handing_out_a_plain_http_upload_url_is_refused(
    tls_service: tuple[trustme.CA, ssl.SSLContext], upload_url: str
) -> None:
    _, ctx = tls_service
    with rawserver.serving(rawserver.envelope(_presigning(upload_url)), tls=ctx) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError) as info:
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))
        run(client.aclose())
    assert info.value.reason.code == "url_downgrade"
    assert "over plain http" in str(info.value) and "nothing was sent there" in str(info.value)
    assert not info.value.retryable


def test_an_https_service_handing_out_a_plain_http_public_url_is_refused(
    tls_service: tuple[trustme.CA, ssl.SSLContext],
) -> None:
    _, ctx = tls_service
    body = _presigning("https://files.example/put", "http://localhost:9/a.png")
    with rawserver.serving(rawserver.envelope(body), tls=ctx) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError) as info:
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))
        run(client.aclose())
    assert info.value.reason.code == "url_downgrade"


def test_a_plain_http_upload_url_on_this_computer_is_fine_for_a_local_service() -> None:
    body = _presigning("http://127.0.0.1:9/b/a.png")
    with rawserver.serving(rawserver.envelope(body)) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        presigned = run(client.presign(filename="a.png", content_type="image/png", file_size=10))
    assert presigned.upload_url == "http://127.0.0.1:9/b/a.png"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("javascript:alert(1)", "javascript"), ("file:///etc/passwd", "file"), ("data:,x", "data")],
)
def test_a_non_web_upload_url_gets_its_own_sentence(url: str, scheme: str) -> None:
    with rawserver.serving(rawserver.envelope(_presigning(url))) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError) as info:
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))
    sentence = str(info.value)
    assert "malformed" not in sentence
    assert f"is not a web address (it starts with {scheme}:)" in sentence
    assert "etc/passwd" not in sentence and "alert" not in sentence
