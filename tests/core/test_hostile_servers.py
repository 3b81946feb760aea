"""Hostile servers on raw sockets (issue 8): deadlines, stalls, size caps, certificates, wording.

Each server is a few lines in tests/rawserver.py; the client's limits are made small here so the
tests stay fast, and one test checks what the default numbers add up to.
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
import trustme

from app.core import api, tls
from app.core.api import FilesClient
from app.core.breaker import THRESHOLD
from app.core.envelope import parse_api_response
from app.core.errors import (
    CertificateError,
    DeadlineError,
    ProtocolError,
    ServerError,
    StorageError,
    UploadError,
)
from app.core.media import Media, inspect
from app.core.uploads import (
    EngineOptions,
    JobFailed,
    JobRetrying,
    RetryPolicy,
    ServiceDown,
    State,
    UploadEngine,
)
from app.localserver import LocalServer
from tests import rawserver
from tests.helpers import big_png, make_png, run

KEY = "test-key-123"


def png_media(tmp_path: Path, size: int | None = None) -> Media:
    path = tmp_path / "a.png"
    if size is None:
        path.write_bytes(make_png())
    else:
        big_png(path, size)
    item = inspect(path)
    assert isinstance(item, Media)
    return item


# --- 3. Every call has a deadline; every PUT a stall detector ------------------------------------


def test_a_server_that_dribbles_one_byte_at_a_time_meets_the_deadline() -> None:
    with rawserver.serving(rawserver.dribble(0.1)) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY, api_deadline=1.0)
        start = time.monotonic()
        with pytest.raises(DeadlineError, match=r"did not answer within 1 s") as info:
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))
        assert rawserver.elapsed(start) < 5
        assert info.value.retryable
        assert srv.bytes_sent > 3  # it did send bytes: a per-read timeout alone would never fire


def test_a_storage_that_never_answers_a_put_is_a_stall(tmp_path: Path) -> None:
    media = png_media(tmp_path)
    with rawserver.serving(rawserver.silent) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY, stall_limit=0.5)
        start = time.monotonic()
        with pytest.raises(DeadlineError, match=r"stopped responding for 0.5 s"):
            run(client.put(f"{srv.url}/b/a.png?X-Amz-Signature=ab", media.path,
                           content_type="image/png", size=media.size))  # fmt: skip
        assert rawserver.elapsed(start) < 5


def test_a_storage_that_stops_reading_mid_body_is_a_stall(tmp_path: Path) -> None:
    size = 64 * 1024 * 1024  # far more than the socket buffers hold
    path = big_png(tmp_path / "a.png", size)
    sent: list[int] = []
    with rawserver.serving(rawserver.silent) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY, stall_limit=0.5)
        with pytest.raises(DeadlineError):
            run(client.put(f"{srv.url}/b/a.png", path, content_type="image/png", size=size,
                           on_progress=sent.append))  # fmt: skip
    assert not sent or sent[-1] < size  # it stopped part way


def test_a_slow_but_moving_put_is_not_a_stall(tmp_path: Path) -> None:
    """The stall limit is per slice of progress, not a deadline for the whole file."""
    # Larger than what the socket buffers take in at once, so the slow phase is felt.
    size = 64 * 1024 * 1024
    path = big_png(tmp_path / "a.png", size)

    def slow_reader(conn: socket.socket, srv: rawserver.RawServer) -> None:
        head = rawserver.read_head(conn)
        got = len(head.split(b"\r\n\r\n", 1)[1])
        slow_until = time.monotonic() + 1.5
        while got < size:
            if time.monotonic() < slow_until and not srv.sleep(0.05):
                return
            chunk = conn.recv(64 * 1024)
            if not chunk:
                return
            got += len(chunk)
        srv.send(conn, rawserver.answer(200, b""))

    with rawserver.serving(slow_reader) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY, stall_limit=0.6)
        start = time.monotonic()
        run(client.put(f"{srv.url}/b/a.png", path, content_type="image/png", size=size))
        assert rawserver.elapsed(start) > 1.2  # twice the stall limit, and it went through


def test_a_dead_server_stops_the_batch_after_bounded_attempts_with_a_sentence(
    tmp_path: Path,
) -> None:
    media = png_media(tmp_path)
    down: list[str] = []
    policy = RetryPolicy(max_retries=4, base=0.01, cap=0.02)

    async def go() -> UploadEngine:
        client = FilesClient(base_url=srv.url, api_key=KEY, api_deadline=0.3)
        engine = UploadEngine(
            client,
            options=EngineOptions(retry=policy),
            on_event=lambda e: down.append(e.reason) if isinstance(e, ServiceDown) else None,
        )
        engine.add([media])
        await engine.wait_idle()
        await client.aclose()
        return engine

    with rawserver.serving(rawserver.silent) as srv:
        start = time.monotonic()
        engine = run(go())
        took = rawserver.elapsed(start)
    (job,) = engine.jobs.values()
    assert job.state is State.QUEUED  # waits for the service; the CLI fails it with the sentence
    assert srv.connections == THRESHOLD  # the same failure this many times in a row, then stop
    assert took < THRESHOLD * 0.3 + 3
    (reason,) = down
    assert "not answering" in reason and "did not answer within 0.3 s" in reason
    assert f"{THRESHOLD} requests in a row" in reason


def test_the_default_numbers_bound_a_dead_server_to_about_two_minutes() -> None:
    policy = RetryPolicy()
    attempts = policy.max_retries + 1
    worst_backoff = sum(
        min(policy.cap, policy.base * 2 ** (retry - 1)) for retry in range(1, attempts)
    )
    per_attempt = max(api.API_DEADLINE, api.STALL_LIMIT)
    assert attempts * per_attempt + worst_backoff <= 120


# --- 9. Answers have a size cap ------------------------------------------------------------------


def test_an_endless_api_answer_is_cut_at_the_cap_with_a_sentence() -> None:
    with rawserver.serving(rawserver.endless) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError, match="answer was too large") as info:
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))
        assert not info.value.retryable
    # Read up to the 1 MB cap, plus what was in flight: never the whole (endless) answer.
    assert srv.bytes_sent < 40 * api.API_ANSWER_CAP


def test_a_declared_huge_api_answer_is_not_read_at_all() -> None:
    def huge(conn: object, srv: rawserver.RawServer) -> None:
        import socket

        assert isinstance(conn, socket.socket)
        rawserver.read_head(conn)
        srv.send(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 400000000\r\n\r\n{")  # fmt: skip
        srv.sleep(2)

    with rawserver.serving(huge) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError, match="answer was too large"):
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))


def test_an_endless_storage_refusal_is_cut_at_64_kb(tmp_path: Path) -> None:
    media = png_media(tmp_path)
    with rawserver.serving(rawserver.storage_huge_refusal) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(StorageError, match="too large") as info:
            run(client.put(f"{srv.url}/b/a.png", media.path, content_type="image/png",
                           size=media.size))  # fmt: skip
        assert info.value.status == 403
    assert srv.bytes_sent < 40 * api.API_ANSWER_CAP


# --- 13. Certificates: the system's trust store, and a failure that names the host ---------------


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


def _tls_server(ca: trustme.CA) -> rawserver.RawServer:
    import ssl

    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
    return rawserver.RawServer(rawserver.envelope(), tls=ctx)


def test_a_certificate_nobody_trusts_names_the_host_and_is_not_retried(
    ca: trustme.CA, tmp_path: Path
) -> None:
    media = png_media(tmp_path)
    failed: list[str] = []

    async def go(url: str) -> UploadEngine:
        client = FilesClient(base_url=url, api_key=KEY)
        engine = UploadEngine(
            client,
            options=EngineOptions(retry=RetryPolicy(base=0.01, cap=0.02)),
            on_event=lambda e: failed.append(e.reason) if isinstance(e, JobFailed) else None,
        )
        engine.add([media])
        await engine.wait_idle()
        await client.aclose()
        return engine

    with _tls_server(ca) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(CertificateError) as info:
            run(client.check_key())
        engine = run(go(srv.url))
        connections = srv.connections
    assert "certificate of 127.0.0.1 could not be verified" in str(info.value)
    assert "internet connection" not in str(info.value)
    assert not info.value.retryable
    (job,) = engine.jobs.values()
    assert job.state is State.FAILED and job.retries == 0
    assert connections == 2  # one for check_key, one for the upload: no retry
    assert "certificate of 127.0.0.1" in failed[0]


def test_a_certificate_in_the_system_store_is_trusted(
    ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a company's TLS-inspecting proxy needs: its CA, installed in the system store (here
    the file OpenSSL's SSL_CERT_FILE names), is trusted; certifi's bundle alone would refuse."""
    bundle = tmp_path / "system-store.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with _tls_server(ca) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        assert run(client.check_key()) is True


def test_without_a_system_store_certifi_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl
    import sys

    import certifi
    import truststore

    system = tls.ssl_context()
    if sys.platform.startswith("linux"):
        # OpenSSL against the system bundle, loaded once (not in every wrap_socket)
        assert system.cert_store_stats()["x509_ca"] > 0
        assert tls.ssl_context() is system
    else:
        assert isinstance(system, truststore.SSLContext)
    monkeypatch.setattr(tls, "system_store_exists", lambda: False)
    ctx = tls.ssl_context()
    assert not isinstance(ctx, truststore.SSLContext)
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    expected = ssl.create_default_context(cafile=certifi.where()).cert_store_stats()
    assert ctx.cert_store_stats() == expected


def test_system_store_detection_on_a_bare_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux search only")
    assert tls.system_store_exists()
    empty = ssl.DefaultVerifyPaths(None, None, "SSL_CERT_FILE", "/nowhere", "SSL_CERT_DIR", "/n")  # type: ignore[arg-type]
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: empty)
    monkeypatch.setattr(tls, "_LINUX_BUNDLES", ("/nowhere/cert.pem",))
    assert not tls.system_store_exists()


# --- 14. Wording ---------------------------------------------------------------------------------


def test_a_201_with_the_success_envelope_is_a_success() -> None:
    body = b'{"code":200,"msg":"success","data":{"publicUrl":"https://x.test/a.png"}}'
    assert parse_api_response(201, {}, body) == {"publicUrl": "https://x.test/a.png"}
    body = b'{"code":201,"msg":"created","data":{"publicUrl":"https://x.test/a.png"}}'
    assert parse_api_response(200, {}, body) == {"publicUrl": "https://x.test/a.png"}


def test_a_502_page_says_its_status_once() -> None:
    with pytest.raises(ServerError) as info:
        parse_api_response(502, {}, b"<html>Bad gateway</html>")
    sentence = str(info.value)
    assert sentence.count("502") == 1, sentence
    assert "HTTP 502: HTTP 502" not in sentence


# --- Attacks that held (issue 8): kept under test so they keep holding ---------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x.test/a"]
)
def test_an_upload_url_that_is_not_https_is_refused(url: str) -> None:
    body = json.dumps({"code": 200, "msg": "success", "data": {
        "uploadUrl": url, "publicUrl": "https://x.test/a.png",
        "expiresAt": "2030-01-01T00:00:00Z"}}).encode()  # fmt: skip
    with rawserver.serving(rawserver.envelope(body)) as srv:
        client = FilesClient(base_url=srv.url, api_key=KEY)
        with pytest.raises(ProtocolError, match=r"not secure|not a web address"):
            run(client.presign(filename="a.png", content_type="image/png", file_size=10))


def test_a_redirect_is_not_followed_so_the_key_stays_home() -> None:
    with rawserver.serving(rawserver.envelope()) as elsewhere:

        def redirect(conn: socket.socket, srv: rawserver.RawServer) -> None:
            rawserver.read_request(conn)
            srv.send(
                conn,
                (
                    f"HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere.url}/steal"
                    "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ).encode(),
            )

        with rawserver.serving(redirect) as srv:
            client = FilesClient(base_url=srv.url, api_key=KEY)
            with pytest.raises(UploadError):
                run(client.presign(filename="a.png", content_type="image/png", file_size=10))
        assert elsewhere.connections == 0


def test_retry_after_is_capped() -> None:
    busy = json.dumps({"code": 503, "msg": "busy"}).encode()
    with pytest.raises(ServerError) as info:
        parse_api_response(503, {"retry-after": "999999"}, busy)
    assert info.value.retry_after is None  # absurd: ignored, the backoff decides
    with pytest.raises(ServerError) as info:
        parse_api_response(503, {"retry-after": "3000"}, busy)
    assert RetryPolicy().delay(1, info.value.retry_after) == RetryPolicy().cap


def test_a_stalled_put_is_retried_and_then_goes_through(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = png_media(tmp_path)
    local_server.faults.stall(3.0, times=1)  # the first PUT gets no answer for 3 s
    retried: list[str] = []

    async def go() -> UploadEngine:
        client = FilesClient(base_url=local_server.base_url, api_key="test-key", stall_limit=0.5)
        engine = UploadEngine(
            client,
            options=EngineOptions(retry=RetryPolicy(base=0.01, cap=0.02)),
            on_event=lambda e: retried.append(e.reason) if isinstance(e, JobRetrying) else None,
        )
        engine.add([media])
        await engine.wait_idle()
        await client.aclose()
        return engine

    engine = run(go())
    (job,) = engine.jobs.values()
    assert job.state is State.DONE
    assert retried == ["The storage stopped responding for 0.5 s (no bytes taken, no answer)."]
