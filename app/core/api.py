"""The Files API client: presign, PUT to storage, and direct (multipart) upload.

One long-lived ``httpx.AsyncClient``. File bodies are streamed in chunks read off the event loop's
thread, with an explicit Content-Length (object stores refuse chunked PUTs), so memory does not grow
with the file and the loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import urllib.request
import uuid
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from .body import Body, FileMd5, Hasher, Source, etag_md5, open_path
from .envelope import (
    Presigned,
    parse_api_response,
    parse_direct,
    parse_presigned,
    storage_error,
)
from .errors import (
    AuthError,
    BadRequest,
    CertificateError,
    DeadlineError,
    NetworkError,
    ProtocolError,
    StorageError,
    StorageMismatch,
)
from .logs import register_secret
from .reasons import Reason
from .sockets import SENT, SentBytes, SocketBackend
from .tls import ssl_context
from .wire import DEFAULT_BASE_URL, FILES_PATH, is_valid_key

__all__ = ["DEFAULT_BASE_URL", "FILES_PATH", "FilesClient", "Presigned", "is_valid_key"]

#: Fewer, larger chunks mean fewer trips between the reader thread and the loop; with
#: READ_AHEAD chunks in flight, an upload holds about three of these in memory.
CHUNK_SIZE = 1024 * 1024
#: What is read of a successful PUT's (normally empty) answer, so the connection can be reused.
SUCCESS_BODY_CAP = 64 * 1024

# Every wait has an end (issue 8). A per-read timeout alone never fires on a server that
# sends one byte every few seconds, so each call also has a deadline:
# - API_DEADLINE, for a whole API call (connect, request, answer). A presign is a few hundred
#   bytes each way and takes well under a second; 20 s still covers a serverless host's cold
#   start (under 10 s) on a slow link.
# - STALL_LIMIT, for a file's bytes: no progress for this long fails the attempt, which is
#   retried on a new connection. Progress is counted per 64 KiB, so 20 s without any means under
#   3 KB/s: a link that slow would need an hour for one 10 MB image, and a TCP connection stalled
#   that long is already in its longest retransmission back-offs (a new one recovers sooner).
#   Progress is counted as the kernel takes the bytes (app/core/sockets.py), or, where our
#   sockets are not used (Windows, a proxy), as httpx takes 64 KiB slices of the body.
#   After the last byte, the storage's answer must also come within this limit.
# With the engine's 5 attempts and its back-off (at most 1 + 2 + 4 + 8 s), a server that never
# answers costs a file 5 x 20 s + 15 s = under 2 minutes, and the sentence says why it failed.
API_DEADLINE = 20.0
STALL_LIMIT = 20.0
PROGRESS_SLICE = 64 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=STALL_LIMIT, write=STALL_LIMIT, pool=None)
#: What is read of an answer at most (issue 8): a JSON envelope is a few hundred bytes; a
#: storage's XML refusal a few hundred more. Past these, the answer is not what it claims to be.
API_ANSWER_CAP = 1024 * 1024
# Without it the kernel may queue megabytes of the file (its send buffer grows to 4 MB on
# Linux) and wakes the writer only when a third of that has drained: on a slow link, tens of
# seconds with no visible progress, which the stall detector would take for a dead peer. With
# it, a write completes once less than this is still unsent, so progress follows the wire.
_NOTSENT_LOWAT = 128 * 1024
_SOCKET_OPTIONS: list[tuple[int, int, int]] = (
    [(socket.IPPROTO_TCP, socket.TCP_NOTSENT_LOWAT, _NOTSENT_LOWAT)]
    if hasattr(socket, "TCP_NOTSENT_LOWAT")
    else []
)
STORAGE_ERROR_CAP = 64 * 1024

ProgressCallback = Callable[[int], None]


@contextmanager
def _http_errors(host: str = "") -> Iterator[None]:
    """Whatever httpx raises comes out as an UploadError with a sentence, never the raw text."""
    try:
        yield
    except httpx.TransportError as exc:
        if _certificate_failure(exc):
            raise CertificateError(host) from None
        raise NetworkError(_network_sentence(exc)) from None
    except httpx.DecodingError:
        raise ProtocolError(Reason.of("undecodable")) from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise ProtocolError(
            Reason.of("request_failed", detail=type(exc).__name__), retryable=False
        ) from None


def _certificate_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _host(url: str) -> str:
    try:
        return httpx.URL(url).host
    except (httpx.InvalidURL, ValueError):
        return ""


async def _read_capped(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """At most ``cap`` bytes of the (decoded) body, and whether there was more."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        return b"", True
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        chunks.append(chunk)
        total += len(chunk)
        if total > cap:
            return b"".join(chunks)[:cap], True
    return b"".join(chunks), False


class _Stall:
    """A deadline that each sign of progress pushes back (asyncio.timeout, rescheduled).

    A fast link shows progress thousands of times a second; the deadline is moved only when
    that changes it by at least 1/16 of the limit, so the limit is kept to within that.
    """

    def __init__(self, limit: float, *, first: float | None = None) -> None:
        self.limit = limit
        self.first = limit if first is None else first
        self._timeout: asyncio.Timeout | None = None
        self._slack = limit / 16

    def guard(self) -> asyncio.Timeout:
        self._timeout = asyncio.timeout(self.first)
        return self._timeout

    def moved(self) -> None:
        timeout = self._timeout
        if timeout is None:
            return
        later = asyncio.get_running_loop().time() + self.limit
        when = timeout.when()
        if when is None or abs(later - when) >= self._slack:
            timeout.reschedule(later)


async def _watched(
    body: AsyncIterable[bytes], moved: Callable[[], None], sent: SentBytes
) -> AsyncGenerator[bytes, None]:
    """The body for httpx, with ``moved`` called as its bytes go.

    When our socket counts the bytes (``sent.counted``, known once the request's head went
    out), chunks go whole. Otherwise they go in slices of at most PROGRESS_SLICE: httpx asks for
    the next slice only once the previous one is written to the socket, so a call means the peer
    is still taking bytes.
    """
    try:
        async for chunk in body:
            if sent.counted:
                moved()
                yield chunk
                continue
            view = memoryview(chunk)
            for start in range(0, len(view), PROGRESS_SLICE):
                moved()
                yield bytes(view[start : start + PROGRESS_SLICE])
        moved()  # the last byte went out: the answer's wait starts now
    finally:
        aclose = getattr(body, "aclose", None)
        if aclose is not None:
            await aclose()


def _network_sentence(exc: httpx.TransportError) -> Reason:
    if isinstance(exc, httpx.TimeoutException):
        return Reason.of("net_timeout")
    if isinstance(exc, httpx.ConnectError):
        return Reason.of("net_connect")
    return Reason.of("net_interrupted")


class _Transports(httpx.AsyncBaseTransport):
    """Plain http and https, each built on first use.

    Building the TLS side imports the trust store and builds its context: milliseconds that a
    run against a server on this computer never needs, and that the window pays after its first
    paint (:meth:`FilesClient.warm_up`), not before.
    """

    def __init__(self) -> None:
        self._plain: httpx.AsyncHTTPTransport | None = None
        self._tls: httpx.AsyncHTTPTransport | None = None
        self._lock = threading.Lock()

    def tls(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._tls is None:
                self._tls = _transport(ssl_context())
            return self._tls

    def plain(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._plain is None:
                # Never used for https, so no trust store is loaded for it (that alone took
                # 18 ms of the CLI's start).
                self._plain = _transport(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
            return self._plain

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.tls() if request.url.scheme == "https" else self.plain()
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in (self._plain, self._tls):
            if transport is not None:
                await transport.aclose()


def _transport(context: ssl.SSLContext) -> httpx.AsyncHTTPTransport:
    """httpx's transport on a connection pool whose sockets count what they send."""
    import httpcore

    transport = httpx.AsyncHTTPTransport(verify=context, socket_options=_SOCKET_OPTIONS)
    # httpx takes no network backend, so its pool is made again with ours and httpx's defaults.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=context,
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        socket_options=_SOCKET_OPTIONS,
        network_backend=SocketBackend(),
    )
    return transport


class FilesClient:
    """Talks to ``POST {base}/api/v1/files`` and to the storage URLs it hands out."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str = "",
        http: httpx.AsyncClient | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        chunk_size: int = CHUNK_SIZE,
        api_deadline: float = API_DEADLINE,
        stall_limit: float = STALL_LIMIT,
        low_priority_reads: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        #: The window's choice: file reading and hashing yield the CPU to the GUI thread.
        self.low_priority_reads = low_priority_reads
        self._api_key = api_key
        register_secret(api_key)
        self._own_http = http is None
        self._transports = _Transports()
        if http is None:
            # Proxies from the environment get transports of httpx's making: they need the
            # trust store now. Without them, it waits for the first https request.
            verify: ssl.SSLContext | bool = ssl_context() if urllib.request.getproxies() else True
            http = httpx.AsyncClient(
                timeout=timeout, follow_redirects=False, verify=verify, transport=self._transports
            )
        self._http = http
        self.chunk_size = chunk_size
        self.api_deadline = api_deadline
        self.stall_limit = stall_limit
        #: Per storage origin: whether its last answer to a PUT carried an MD5 ETag.
        self._md5_etags: dict[str, bool] = {}

    def _md5(self, source: Source, size: int) -> FileMd5:
        return FileMd5(source, size, self.chunk_size, low_priority=self.low_priority_reads)

    def warm_up(self) -> None:
        """Do now, in a worker thread, what the first upload would otherwise do on the loop.

        httpcore's first pooled request imports anyio and typing_extensions (tens of ms), and the
        first https request builds the trust store's context: in the window that froze the first
        upload's first frames.
        """
        import anyio._backends._asyncio  # noqa: F401  (anyio, and what it loads on first use)
        import typing_extensions  # noqa: F401

        if self._own_http:
            self._transports.tls()

    def __repr__(self) -> str:  # never the key
        return f"FilesClient(base_url={self.base_url!r})"

    @property
    def has_key(self) -> bool:
        return bool(self._api_key)

    def set_api_key(self, api_key: str) -> None:
        self._api_key = api_key
        register_secret(api_key)

    @property
    def endpoint(self) -> str:
        return self.base_url + FILES_PATH

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def __aenter__(self) -> FilesClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _auth(self) -> dict[str, str]:
        if not self._api_key:
            raise AuthError(401, "No API key")
        if not is_valid_key(self._api_key):
            # Never sent: a header with a line break or a non-ASCII letter would fail in h11,
            # and its error text would quote the key.
            raise AuthError(401, "The key contains characters that no API key has")
        return {"Authorization": f"Bearer {self._api_key}"}

    async def _post(
        self,
        *,
        json: object = None,
        content: AsyncIterator[bytes] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        all_headers = {**self._auth(), **(headers or {})}
        stall = _Stall(self.stall_limit, first=self.api_deadline)
        sent = SentBytes(stall.moved, PROGRESS_SLICE)
        if content is not None:  # a direct upload: the deadline moves with its bytes
            content = _watched(content, stall.moved, sent)
        counting = SENT.set(sent)
        try:
            async with stall.guard():
                with _http_errors(_host(self.endpoint)):
                    async with self._http.stream(
                        "POST", self.endpoint, headers=all_headers, json=json, content=content
                    ) as response:
                        body, too_large = await _read_capped(response, API_ANSWER_CAP)
        except TimeoutError:
            raise DeadlineError(
                Reason.of("api_no_answer", seconds=self.api_deadline)
                if content is None
                else Reason.of("upload_stalled", seconds=self.stall_limit)
            ) from None
        finally:
            SENT.reset(counting)
        if too_large:
            raise ProtocolError(
                Reason.of("answer_too_large", cap_bytes=API_ANSWER_CAP), retryable=False
            )
        headers = {k.lower(): v for k, v in response.headers.items()}
        return parse_api_response(response.status_code, headers, body)

    async def presign(self, *, filename: str, content_type: str, file_size: int) -> Presigned:
        """Ask for an upload URL; do this just before the PUT, as it lives 10 minutes."""
        data = await self._post(
            json={"filename": filename, "contentType": content_type, "fileSize": file_size}
        )
        return parse_presigned(data)

    async def check_key(self) -> bool:
        """Whether the service accepts the key, without uploading anything.

        An empty JSON request with a good key fails validation (400); with a bad key, 401.
        """
        try:
            await self._post(json={})
        except AuthError:
            return False
        except BadRequest:
            return True
        return True

    async def put(
        self,
        upload_url: str,
        path: Path,
        *,
        content_type: str,
        size: int,
        on_progress: ProgressCallback | None = None,
        hasher: Hasher | None = None,
        source: Source | None = None,
    ) -> None:
        """PUT the file's bytes; the Content-Type must be exactly the one that was presigned.

        ``source``, when given, is the file already opened and checked (the caller closes it).
        Success needs more than a 2xx: the whole body must have gone, and a plain-MD5 ETag must
        be the MD5 of what was sent.
        """
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        reader = source or open_path(path)
        body = Body(
            reader,
            size,
            self.chunk_size,
            [] if hasher is None else [hasher],
            on_progress,
            low_priority=self.low_priority_reads,
        )
        origin = _origin(upload_url)
        # The MD5 runs beside the send only for a storage known to answer with one; for another,
        # it runs after the answer, and only if that answer has an MD5 ETag after all.
        md5 = self._md5(reader, size) if self._md5_etags.get(origin) else None
        stall = _Stall(self.stall_limit)
        sent = SentBytes(stall.moved, PROGRESS_SLICE)
        watched = _watched(body, stall.moved, sent)
        too_large = False
        stored: str | None = None
        counting = SENT.set(sent)
        try:
            # No deadline for the whole PUT (a large file on a slow link takes long), but no
            # progress for stall_limit seconds, or no answer that long after the last byte, fails.
            async with stall.guard():
                with _http_errors(_host(upload_url)):
                    async with self._http.stream(
                        "PUT", upload_url, headers=headers, content=watched
                    ) as response:
                        if response.status_code // 100 == 2:
                            # Read the (empty) answer: an unread one costs the connection, and
                            # the next file a new TCP (and TLS) handshake.
                            await _drain(response, SUCCESS_BODY_CAP)
                            if not body.complete:
                                # A storage that answers before it has read the whole body
                                # cannot have stored it.
                                raise StorageMismatch(Reason.of("storage_answered_early"))
                            stored = etag_md5(response.headers)
                            self._md5_etags[origin] = stored is not None
                        else:
                            try:
                                refusal, too_large = await _read_capped(response, STORAGE_ERROR_CAP)
                            except httpx.HTTPError:
                                refusal = b""
            if response.status_code // 100 == 2:
                if stored is not None:
                    md5 = md5 or self._md5(reader, size)
                    if await md5.hexdigest() != stored:
                        raise StorageMismatch(Reason.of("storage_checksum"))
                return
        except TimeoutError:
            raise DeadlineError(Reason.of("storage_stalled", seconds=self.stall_limit)) from None
        finally:
            SENT.reset(counting)
            await watched.aclose()
            body.stop()
            if md5 is not None:
                md5.stop()  # done, or of no use now (its reads end when the file is closed)
            if source is None:
                reader.close()
        if too_large:
            raise StorageError(
                response.status_code,
                f"HTTP{response.status_code}",
                f"its answer was too large (over {STORAGE_ERROR_CAP // 1024} KB) to read",
            )
        raise storage_error(response.status_code, refusal)

    async def upload_direct(
        self,
        path: Path,
        *,
        filename: str,
        content_type: str,
        size: int,
        on_progress: ProgressCallback | None = None,
        hasher: Hasher | None = None,
        source: Source | None = None,
    ) -> str:
        """Send the file through the API host in one multipart request; small files only."""
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{_quote(filename)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        reader = source or open_path(path)
        inner = Body(
            reader,
            size,
            self.chunk_size,
            [hasher] if hasher else [],
            on_progress,
            low_priority=self.low_priority_reads,
        )
        body = _framed(head, inner, tail)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        }
        try:
            data = await self._post(content=body, headers=headers)
        finally:
            await body.aclose()
            inner.stop()
            if source is None:
                reader.close()
        return parse_direct(data)


def _quote(filename: str) -> str:
    # What browsers do for multipart names (HTML's form encoding): escape only what breaks framing.
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


async def _framed(
    head: bytes, inner: AsyncIterable[bytes], tail: bytes
) -> AsyncGenerator[bytes, None]:
    yield head
    async for chunk in inner:
        yield chunk
    yield tail


async def _drain(response: httpx.Response, cap: int) -> None:
    """Read a success's answer as it came (never decoded: it is of no use), up to ``cap``."""
    got = 0
    try:
        async for chunk in response.aiter_raw():
            got += len(chunk)
            if got > cap:
                return  # not worth keeping the connection for: it closes with the response
    except httpx.HTTPError:
        return  # nor worth a failure


def _origin(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return ""
    return f"{parsed.scheme}://{parsed.host}:{parsed.port}"
