"""The Files API client: presign, PUT to storage, and direct (multipart) upload.

One long-lived ``httpx.AsyncClient``. File bodies are streamed in chunks read off the event loop's
thread, with an explicit Content-Length (object stores refuse chunked PUTs), so memory does not grow
with the file and the loop never blocks on the disk.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import logging
import ssl
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
    is_loopback_host,
    no_downgrade,
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
from .sockets import SENT, SentBytes
from .tls import ssl_context
from .transport import PROGRESS_SLICE, Stall, Transports, watched
from .wire import DEFAULT_BASE_URL, FILES_PATH, is_valid_key

log = logging.getLogger("apimodels.api")

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
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=STALL_LIMIT, write=STALL_LIMIT, pool=None)
#: What is read of an answer at most (issue 8): a JSON envelope is a few hundred bytes; a
#: storage's XML refusal a few hundred more. Past these, the answer is not what it claims to be.
API_ANSWER_CAP = 1024 * 1024
STORAGE_ERROR_CAP = 64 * 1024

ProgressCallback = Callable[[int], None]


@contextmanager
def _http_errors(host: str = "") -> Iterator[None]:
    """Whatever httpx raises comes out as an UploadError with a sentence, never the raw text."""
    try:
        yield
    except httpx.TransportError as exc:
        failure = _certificate_failure(exc)
        if failure is not None:
            raise CertificateError(host, _certificate_problem(failure)) from None
        raise NetworkError(_network_sentence(exc)) from None
    except httpx.DecodingError:
        raise ProtocolError(Reason.of("undecodable")) from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise ProtocolError(
            Reason.of("request_failed", detail=type(exc).__name__), retryable=False
        ) from None


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Keeps no cookie: nothing the API sets is ever sent back, to it or to the storage."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


def _no_cookies() -> http.cookiejar.CookieJar:
    return http.cookiejar.CookieJar(policy=_NoCookies())


def _client(timeout: httpx.Timeout, transports: Transports) -> tuple[httpx.AsyncClient, bool]:
    """httpx's client on our transports, or on httpx's own when the environment names a proxy
    (then also True: requests to this computer need a client of their own, see _for).

    httpx honours the environment's proxies only when it makes the transports itself (given one,
    it ignores them), and its proxy transports need the trust store now. Without a proxy, ours
    wait for the first https request to load it. A proxy httpx cannot use (SOCKS without its
    package, an unknown scheme) is left aside: the client then connects directly.
    """
    proxies = urllib.request.getproxies()
    if any(proxies.get(scheme) for scheme in ("http", "https", "all")):
        try:
            proxied = httpx.AsyncClient(
                timeout=timeout, follow_redirects=False, verify=ssl_context(), cookies=_no_cookies()
            )
            return proxied, True
        except (ImportError, ValueError, httpx.InvalidURL) as exc:
            log.warning("the environment's proxy cannot be used (%s)", type(exc).__name__)
    return _direct(timeout, transports), False


def _direct(timeout: httpx.Timeout, transports: Transports) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        transport=transports,
        cookies=_no_cookies(),
        trust_env=False,
    )


def _certificate_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


# OpenSSL's verify codes for the two failures a person can act on differently from the rest.
_CERT_HAS_EXPIRED = 10
_HOSTNAME_MISMATCH = 62


def _certificate_problem(failure: ssl.SSLCertVerificationError) -> str:
    """Which certificate sentence fits: an expired one, one for another name, or the rest (an
    issuer this computer does not trust, which a company's inspecting proxy causes)."""
    code = getattr(failure, "verify_code", None)
    message = str(getattr(failure, "verify_message", "") or "").lower()
    if code == _CERT_HAS_EXPIRED or "expired" in message:
        return "expired"
    if code == _HOSTNAME_MISMATCH or "mismatch" in message:
        return "wrong_name"
    return "untrusted"


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


def _network_sentence(exc: httpx.TransportError) -> Reason:
    if isinstance(exc, httpx.TimeoutException):
        return Reason.of("net_timeout")
    if isinstance(exc, httpx.ConnectError):
        return Reason.of("net_connect")
    return Reason.of("net_interrupted")


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
        self._transports = Transports()
        proxied = False
        if http is None:
            http, proxied = _client(timeout, self._transports)
        self._http = http
        # This computer is never reached through a proxy (as curl and browsers do): a plain-http
        # base on loopback would otherwise hand the key, in clear text, to whatever the proxy is.
        self._loopback = _direct(timeout, self._transports) if proxied else http
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

    def _for(self, url: str) -> httpx.AsyncClient:
        return self._loopback if is_loopback_host(_host(url)) else self._http

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()
            if self._loopback is not self._http:
                await self._loopback.aclose()

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
        stall = Stall(self.stall_limit, first=self.api_deadline)
        sent = SentBytes(stall.moved, PROGRESS_SLICE)
        if content is not None:  # a direct upload: the deadline moves with its bytes
            content = watched(content, stall.moved, sent)
        counting = SENT.set(sent)
        try:
            async with stall.guard():
                with _http_errors(_host(self.endpoint)):
                    async with self._for(self.endpoint).stream(
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
        presigned = parse_presigned(data)
        no_downgrade(self.base_url, presigned.upload_url, "upload URL")
        no_downgrade(self.base_url, presigned.public_url, "public URL")
        return presigned

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
        origin = _origin(upload_url)
        # The MD5 is taken of the bytes as they are sent, in the reader's thread once each chunk
        # is handed to the send (hashlib lets go of the GIL): the file is read once. Only a
        # storage known to answer without an MD5 ETag is spared it; if one answers with an MD5
        # after all, the file is read again for it after the answer (FileMd5).
        sent_md5 = hashlib.md5(usedforsecurity=False) if self._md5_etags.get(origin, True) else None
        hashers: list[Hasher] = [h for h in (hasher, sent_md5) if h is not None]
        body = Body(
            reader,
            size,
            self.chunk_size,
            hashers,
            on_progress,
            low_priority=self.low_priority_reads,
        )
        md5: FileMd5 | None = None
        stall = Stall(self.stall_limit)
        sent = SentBytes(stall.moved, PROGRESS_SLICE)
        outgoing = watched(body, stall.moved, sent)
        too_large = False
        stored: str | None = None
        counting = SENT.set(sent)
        try:
            # No deadline for the whole PUT (a large file on a slow link takes long), but no
            # progress for stall_limit seconds, or no answer that long after the last byte, fails.
            async with stall.guard():
                with _http_errors(_host(upload_url)):
                    async with self._for(upload_url).stream(
                        "PUT", upload_url, headers=headers, content=outgoing
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
                    if sent_md5 is not None:
                        digest = sent_md5.hexdigest()
                    else:
                        md5 = self._md5(reader, size)
                        digest = await md5.hexdigest()
                    if digest != stored:
                        raise StorageMismatch(Reason.of("storage_checksum"))
                return
        except TimeoutError:
            raise DeadlineError(Reason.of("storage_stalled", seconds=self.stall_limit)) from None
        finally:
            SENT.reset(counting)
            await outgoing.aclose()
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
        public_url = parse_direct(data)
        no_downgrade(self.base_url, public_url, "public URL")
        return public_url


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
