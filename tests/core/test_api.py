"""The Files API client against the local copy of the service, over real sockets."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.api import CHUNK_SIZE, FilesClient
from app.core.errors import (
    AuthError,
    BadRequest,
    FileChanged,
    NetworkError,
    ProtocolError,
    RequestTooLarge,
    ServerError,
    StorageError,
    UploadError,
    UploadUrlExpired,
)
from app.localserver import LocalServer
from tests.helpers import big_png, make_png, run

KEY = "test-key"


def client_for(srv: LocalServer, key: str = KEY) -> FilesClient:
    return FilesClient(base_url=srv.base_url, api_key=key)


def fetch(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def test_presign_then_put_serves_the_same_bytes(local_server: LocalServer, tmp_path: Path) -> None:
    path = big_png(tmp_path / "ref.png", 2_700_000)
    seen: list[int] = []

    async def go() -> str:
        async with client_for(local_server) as c:
            p = await c.presign(filename="ref.png", content_type="image/png", file_size=2_700_000)
            await c.put(
                p.upload_url,
                path,
                content_type="image/png",
                size=2_700_000,
                on_progress=seen.append,
            )
            return p.public_url

    url = run(go())
    got = fetch(url)
    assert got.status_code == 200
    assert got.content == path.read_bytes()
    assert got.headers["content-type"] == "image/png"
    assert seen[-1] == 2_700_000 and seen == sorted(seen)
    assert len(seen) == -(-2_700_000 // CHUNK_SIZE)  # one report per chunk


def test_put_sends_the_exact_type_and_a_length_never_chunked(
    local_server: LocalServer, tmp_path: Path
) -> None:
    path = big_png(tmp_path / "a.png", 300_000)

    async def go() -> None:
        async with client_for(local_server) as c:
            p = await c.presign(filename="a.png", content_type="image/png", file_size=300_000)
            await c.put(p.upload_url, path, content_type="image/png", size=300_000)

    run(go())
    (put,) = local_server.puts
    assert put.headers["content-type"] == "image/png"
    assert put.headers["content-length"] == "300000"
    assert "transfer-encoding" not in put.headers
    assert "authorization" not in put.headers  # the key goes to the API, never to storage
    assert put.status == 200 and put.bytes_received == 300_000


def test_direct_mode_round_trip(local_server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "tiny photo \u00e9.png"
    path.write_bytes(make_png(30, 20))

    async def go() -> str:
        async with client_for(local_server) as c:
            return await c.upload_direct(
                path, filename=path.name, content_type="image/png", size=path.stat().st_size
            )

    url = run(go())
    assert fetch(url).content == path.read_bytes()
    assert local_server.api_requests[-1].mode == "direct"


def test_direct_mode_past_the_hosts_limit_says_to_use_presigned(tmp_path: Path) -> None:
    path = big_png(tmp_path / "big.png", 300_000)
    with LocalServer(api_key=KEY, data_dir=tmp_path / "s", direct_limit=100_000) as srv:

        async def go() -> None:
            async with client_for(srv) as c:
                await c.upload_direct(
                    path, filename="big.png", content_type="image/png", size=300_000
                )

        with pytest.raises(RequestTooLarge, match="without --direct"):
            run(go())


@pytest.mark.parametrize(
    ("kwargs", "kind", "msg"),
    [
        (
            {"filename": "a.txt", "content_type": "text/plain", "file_size": 5},
            BadRequest,
            "Only image/, video/, or audio/ content types are accepted",
        ),
        (
            {"filename": "a.png", "content_type": "image/png", "file_size": 10 * 1048576 + 1},
            BadRequest,
            "File too large (max 10MB)",
        ),
        (
            {"filename": "a.mp4", "content_type": "video/mp4", "file_size": 100 * 1048576 + 1},
            BadRequest,
            "File too large (max 100MB)",
        ),
        (
            {"filename": "", "content_type": "image/png", "file_size": 5},
            BadRequest,
            "filename and contentType are required",
        ),
    ],
)
def test_documented_refusals_arrive_typed_with_the_servers_msg(
    local_server: LocalServer, kwargs: dict[str, object], kind: type, msg: str
) -> None:
    async def go() -> None:
        async with client_for(local_server) as c:
            await c.presign(**kwargs)  # type: ignore[arg-type]

    with pytest.raises(kind) as info:
        run(go())
    assert isinstance(info.value, BadRequest) and info.value.msg == msg


def test_a_wrong_key_is_an_auth_error_that_never_shows_the_key(local_server: LocalServer) -> None:
    secret = "sk-live-VERY-SECRET-123"

    async def go() -> None:
        async with client_for(local_server, secret) as c:
            assert secret not in repr(c)
            await c.presign(filename="a.png", content_type="image/png", file_size=5)

    with pytest.raises(AuthError) as info:
        run(go())
    assert info.value.msg == "Invalid or missing API key"
    assert secret not in str(info.value) and secret not in repr(info.value.args)


def test_storage_not_configured_is_a_server_error(local_server: LocalServer) -> None:
    local_server.storage_configured = False

    async def go() -> None:
        async with client_for(local_server) as c:
            await c.presign(filename="a.png", content_type="image/png", file_size=5)

    with pytest.raises(ServerError) as info:
        run(go())
    assert info.value.status == 500 and info.value.msg == "Storage not configured"


def test_a_proxy_error_page_is_a_sentence_not_a_crash(local_server: LocalServer) -> None:
    local_server.faults.api_status(502, body="<html><h1>Bad Gateway</h1></html>")

    async def go() -> None:
        async with client_for(local_server) as c:
            await c.presign(filename="a.png", content_type="image/png", file_size=5)

    with pytest.raises(ServerError) as info:
        run(go())
    assert info.value.retryable and "HTTP 502" in str(info.value)


def test_check_key(local_server: LocalServer) -> None:
    async def go(key: str) -> bool:
        async with client_for(local_server, key) as c:
            return await c.check_key()

    assert run(go(KEY)) is True
    assert run(go("wrong")) is False
    assert local_server.puts == []


def test_wrong_content_type_on_the_put_is_refused_by_the_signature(
    local_server: LocalServer, tmp_path: Path
) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(make_png())

    async def go() -> None:
        async with client_for(local_server) as c:
            p = await c.presign(
                filename="a.png", content_type="image/png", file_size=path.stat().st_size
            )
            await c.put(p.upload_url, path, content_type="image/jpeg", size=path.stat().st_size)

    with pytest.raises(StorageError) as info:
        run(go())
    assert info.value.code == "SignatureDoesNotMatch" and not info.value.retryable


def test_an_expired_upload_url_is_told_apart(local_server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(make_png())
    size = path.stat().st_size

    async def go() -> None:
        async with client_for(local_server) as c:
            p = await c.presign(filename="a.png", content_type="image/png", file_size=size)
            local_server.clock.advance(601)
            await c.put(p.upload_url, path, content_type="image/png", size=size)

    with pytest.raises(UploadUrlExpired) as info:
        run(go())
    assert info.value.retryable


def test_a_reset_mid_put_is_a_network_error(local_server: LocalServer, tmp_path: Path) -> None:
    path = big_png(tmp_path / "a.png", 2_000_000)
    local_server.faults.put_reset_after(100_000)

    async def go() -> str:
        async with client_for(local_server) as c:
            p = await c.presign(filename="a.png", content_type="image/png", file_size=2_000_000)
            await c.put(p.upload_url, path, content_type="image/png", size=2_000_000)
            return p.public_url

    with pytest.raises(NetworkError) as info:
        run(go())
    assert info.value.retryable
    assert local_server.puts[0].status is None


def test_a_file_shorter_than_declared_is_a_changed_file(
    local_server: LocalServer, tmp_path: Path
) -> None:
    path = big_png(tmp_path / "a.png", 500_000)

    async def go() -> str:
        async with client_for(local_server) as c:
            p = await c.presign(filename="a.png", content_type="image/png", file_size=600_000)
            await c.put(p.upload_url, path, content_type="image/png", size=600_000)
            return p.public_url

    with pytest.raises(FileChanged, match="changed while it was being sent"):
        run(go())
    assert all(p.status != 200 for p in local_server.puts)


def test_a_missing_file_is_a_changed_file(local_server: LocalServer, tmp_path: Path) -> None:
    async def go() -> None:
        async with client_for(local_server) as c:
            p = await c.presign(filename="gone.png", content_type="image/png", file_size=10)
            await c.put(p.upload_url, tmp_path / "gone.png", content_type="image/png", size=10)

    with pytest.raises(FileChanged, match="could not be opened"):
        run(go())


def test_nothing_listening_is_a_network_error_with_a_sentence() -> None:
    async def go() -> None:
        async with FilesClient(base_url="http://127.0.0.1:9", api_key=KEY) as c:
            await c.presign(filename="a.png", content_type="image/png", file_size=5)

    with pytest.raises(NetworkError, match="Could not connect"):
        run(go())


def test_every_client_error_is_an_upload_error() -> None:
    for kind in (AuthError, BadRequest, ServerError, ProtocolError, NetworkError, FileChanged):
        assert issubclass(kind, UploadError)


def _mock_client(handler: object) -> FilesClient:
    # Only for faults the local server cannot produce: a broken Content-Encoding.
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))  # type: ignore[arg-type]
    return FilesClient(base_url="https://files.example", api_key=KEY, http=http)


def test_an_undecodable_reply_is_a_protocol_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip")
        )

    async def go() -> bool:
        client = _mock_client(handler)
        try:
            return await client.check_key()
        finally:
            await client._http.aclose()

    with pytest.raises(ProtocolError, match="could not be decoded"):
        run(go())


def test_a_successful_put_with_an_undecodable_body_still_counts(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    path.write_bytes(make_png())

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(b"junk")
        )

    async def go() -> None:
        client = _mock_client(handler)
        try:
            await client.put(
                "https://store.example/x?sig=1", path, content_type="image/png",
                size=path.stat().st_size,
            )  # fmt: skip
        finally:
            await client._http.aclose()

    run(go())  # no exception: the upload worked


@pytest.mark.parametrize("key", ["sk-abc\ndef", "sk\u2011nonascii", "sk with space"])
def test_a_key_that_cannot_be_a_header_is_refused_before_sending(
    local_server: LocalServer, key: str
) -> None:
    async def go() -> None:
        async with client_for(local_server, key) as c:
            await c.presign(filename="a.png", content_type="image/png", file_size=5)

    with pytest.raises(AuthError) as info:
        run(go())
    assert key not in str(info.value) and key not in repr(info.value)
    assert info.value.__context__ is None or key not in str(info.value.__context__)
    assert local_server.api_requests == []


def test_a_put_cancelled_before_its_body_started_closes_the_file(
    local_server: Any, tmp_path: Path
) -> None:
    import gc
    import warnings

    from app.core.api import FilesClient

    path = tmp_path / "a.png"
    path.write_bytes(make_png())
    local_server.faults.stall(30)

    async def scenario() -> None:
        async with FilesClient(base_url=local_server.base_url, api_key="test-key") as client:
            presigned = await client.presign(
                filename="a.png", content_type="image/png", file_size=path.stat().st_size
            )
            task = asyncio.ensure_future(
                client.put(presigned.upload_url, path, content_type="image/png",
                           size=path.stat().st_size)
            )  # fmt: skip
            await asyncio.sleep(0)  # started, body not yet read
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        run(scenario())
        gc.collect()


def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for scheme in ("http", "https", "all", "no"):
        monkeypatch.delenv(f"{scheme}_proxy", raising=False)
        monkeypatch.delenv(f"{scheme.upper()}_PROXY", raising=False)


def test_a_proxy_named_in_the_environment_carries_the_upload_in_watched_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A company network that reaches the internet only through HTTP_PROXY: the storage's host is
    not resolvable here, only the proxy can reach it (here the proxy answers for it)."""
    from app.core import api as api_module
    from app.core import transport
    from tests import rawserver

    lines: list[bytes] = []
    bodies: list[bytes] = []

    def proxy(conn: Any, srv: rawserver.RawServer) -> None:
        request = rawserver.read_request(conn)
        head, _, body = request.partition(b"\r\n\r\n")
        lines.append(head.split(b"\r\n")[0])
        bodies.append(body)
        srv.send(conn, b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    pieces: list[int] = []
    real = transport.watched

    async def spying(*args: Any) -> Any:
        async for piece in real(*args):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(api_module, "watched", spying)
    path = big_png(tmp_path / "a.png", 1_000_000)
    _no_proxies(monkeypatch)
    with rawserver.serving(proxy) as srv:
        monkeypatch.setenv("http_proxy", srv.url)
        monkeypatch.setenv("HTTP_PROXY", srv.url)

        async def go() -> None:
            async with FilesClient(base_url="http://storage.invalid", api_key=KEY) as c:
                await c.put("http://storage.invalid/b/a.png", path, content_type="image/png",
                            size=1_000_000)  # fmt: skip

        run(go())
    assert lines == [b"PUT http://storage.invalid/b/a.png HTTP/1.1"]
    assert bodies == [path.read_bytes()]
    # httpcore's own sockets under the proxy count nothing: the stall detector sees slices.
    assert max(pieces) == 64 * 1024 and sum(pieces) == 1_000_000


def test_a_proxy_httpx_cannot_use_is_left_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, local_server: LocalServer
) -> None:
    """SOCKS needs a package that is not installed: the client is still made, and connects
    directly as it did before proxies were honoured."""
    _no_proxies(monkeypatch)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:9")
    monkeypatch.setenv("all_proxy", "socks5://127.0.0.1:9")
    path = big_png(tmp_path / "a.png", 100_000)

    async def go() -> None:
        async with client_for(local_server) as c:
            p = await c.presign(filename="a.png", content_type="image/png", file_size=100_000)
            await c.put(p.upload_url, path, content_type="image/png", size=100_000)

    run(go())
