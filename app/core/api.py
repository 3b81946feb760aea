"""The Files API client: presign, PUT to storage, and direct (multipart) upload.

One long-lived ``httpx.AsyncClient``. File bodies are streamed in chunks read off the event loop's
thread, with an explicit Content-Length (object stores refuse chunked PUTs), so memory does not grow
with the file and the loop never blocks on the disk.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from .body import Body, Hasher, Source, open_path, stored_as_sent
from .envelope import (
    Presigned,
    parse_api_response,
    parse_direct,
    parse_presigned,
    storage_error,
)
from .errors import AuthError, BadRequest, NetworkError, ProtocolError, StorageMismatch
from .logs import register_secret
from .wire import DEFAULT_BASE_URL, FILES_PATH, is_valid_key

__all__ = ["DEFAULT_BASE_URL", "FILES_PATH", "FilesClient", "Presigned", "is_valid_key"]

#: Fewer, larger chunks mean fewer trips between the reader thread and the loop; with
#: READ_AHEAD chunks in flight, an upload holds about three of these in memory.
CHUNK_SIZE = 1024 * 1024
#: What is read of a successful PUT's (normally empty) answer, so the connection can be reused.
SUCCESS_BODY_CAP = 64 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=60.0, write=60.0, pool=None)

ProgressCallback = Callable[[int], None]


@contextmanager
def _http_errors() -> Iterator[None]:
    """Whatever httpx raises comes out as an UploadError with a sentence, never the raw text."""
    try:
        yield
    except httpx.TransportError as exc:
        raise NetworkError(_network_sentence(exc)) from None
    except httpx.DecodingError:
        raise ProtocolError("The service sent a reply that could not be decoded.") from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise ProtocolError(
            f"The request could not be made ({type(exc).__name__}).", retryable=False
        ) from None


def _network_sentence(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "The connection timed out."
    if isinstance(exc, httpx.ConnectError):
        return "Could not connect to the service. Check your internet connection and the base URL."
    return "The connection was interrupted."


class _Transports(httpx.AsyncBaseTransport):
    """Plain http and https, each built on first use.

    Building the TLS side loads the certificate store: tens of milliseconds that a run against a
    server on this computer never needs, and that the window pays after its first paint
    (:meth:`FilesClient.warm_up`), not before.
    """

    def __init__(self) -> None:
        self._plain: httpx.AsyncHTTPTransport | None = None
        self._tls: httpx.AsyncHTTPTransport | None = None
        self._lock = threading.Lock()

    def tls(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._tls is None:
                self._tls = httpx.AsyncHTTPTransport()
            return self._tls

    def plain(self) -> httpx.AsyncHTTPTransport:
        with self._lock:
            if self._plain is None:
                # Never used for https, so no certificate store is loaded for it.
                self._plain = httpx.AsyncHTTPTransport(verify=False)
            return self._plain

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.tls() if request.url.scheme == "https" else self.plain()
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        for transport in (self._plain, self._tls):
            if transport is not None:
                await transport.aclose()


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
        low_priority_reads: bool = False,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        #: The window's choice: file reading and hashing yield the CPU to the GUI thread.
        self.low_priority_reads = low_priority_reads
        self._api_key = api_key
        register_secret(api_key)
        self._own_http = http is None
        self._transports = _Transports()
        self._http = http or httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, transport=self._transports
        )
        self.chunk_size = chunk_size

    def warm_up(self) -> None:
        """Do now, in a worker thread, what the first upload would otherwise do on the loop.

        httpcore's first pooled request imports anyio and typing_extensions (tens of ms), and the
        first https request loads the certificate store: in the window that froze the first
        upload's first frames.
        """
        import anyio  # noqa: F401
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
        with _http_errors():
            if content is not None:
                response = await self._http.post(
                    self.endpoint, headers=all_headers, content=content
                )
            else:
                response = await self._http.post(self.endpoint, headers=all_headers, json=json)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return parse_api_response(response.status_code, headers, response.content)

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
        md5 = hashlib.md5(usedforsecurity=False)
        hashers = [md5] if hasher is None else [md5, hasher]
        body = Body(
            reader,
            size,
            self.chunk_size,
            hashers,
            on_progress,
            low_priority=self.low_priority_reads,
        )
        try:
            with _http_errors():
                async with self._http.stream(
                    "PUT", upload_url, headers=headers, content=body
                ) as response:
                    if response.status_code // 100 == 2:
                        # Read the (empty) answer: an unread one costs the connection, and the
                        # next file a new TCP (and TLS) handshake.
                        await _read_reply(response, SUCCESS_BODY_CAP)
                        _check_stored(response, body, md5.hexdigest())
                        return
                    try:
                        refusal = await response.aread()
                    except httpx.HTTPError:
                        refusal = b""
        finally:
            body.stop()
            if source is None:
                reader.close()
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


async def _read_reply(response: httpx.Response, cap: int) -> None:
    got = 0
    async for chunk in response.aiter_raw():
        got += len(chunk)
        if got > cap:
            return  # not worth keeping the connection for: it is closed with the response


def _check_stored(response: httpx.Response, body: Body, md5_hex: str) -> None:
    if not body.complete:
        # A storage that answers before it has read the whole body cannot have stored it.
        raise StorageMismatch(
            "The storage answered before the whole file was sent, so the upload cannot be trusted."
        )
    if not stored_as_sent(response.headers, md5_hex):
        raise StorageMismatch(
            "The storage's checksum does not match the file that was sent, so the upload cannot "
            "be trusted."
        )
