"""The Files API client: presign, PUT to storage, and direct (multipart) upload.

One long-lived ``httpx.AsyncClient``. File bodies are streamed in chunks read off the event loop's
thread, with an explicit Content-Length (object stores refuse chunked PUTs), so memory does not grow
with the file and the loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Protocol

import httpx

from .envelope import (
    Presigned,
    parse_api_response,
    parse_direct,
    parse_presigned,
    storage_error,
)
from .errors import AuthError, BadRequest, FileChanged, NetworkError, ProtocolError
from .logs import register_secret
from .reasons import Reason

__all__ = ["DEFAULT_BASE_URL", "FILES_PATH", "FilesClient", "Presigned"]

DEFAULT_BASE_URL = "https://apimodels.app"
FILES_PATH = "/api/v1/files"
CHUNK_SIZE = 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=60.0, write=60.0, pool=None)

ProgressCallback = Callable[[int], None]


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


def is_valid_key(key: str) -> bool:
    """Keys are printable ASCII without spaces; anything else was pasted with something extra."""
    return bool(key) and all("!" <= c <= "~" for c in key)


@contextmanager
def _http_errors() -> Iterator[None]:
    """Whatever httpx raises comes out as an UploadError with a sentence, never the raw text."""
    try:
        yield
    except httpx.TransportError as exc:
        raise NetworkError(_network_sentence(exc)) from None
    except httpx.DecodingError:
        raise ProtocolError(Reason.of("undecodable")) from None
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise ProtocolError(
            Reason.of("request_failed", detail=type(exc).__name__), retryable=False
        ) from None


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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        register_secret(api_key)
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout, follow_redirects=False)
        self.chunk_size = chunk_size

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
    ) -> None:
        """PUT the file's bytes; the Content-Type must be exactly the one that was presigned."""
        headers = {"Content-Type": content_type, "Content-Length": str(size)}
        reader = _open(path)
        body = _file_body(reader, path.name, size, self.chunk_size, on_progress, hasher)
        try:
            with _http_errors():
                async with self._http.stream(
                    "PUT", upload_url, headers=headers, content=body
                ) as response:
                    if response.status_code // 100 == 2:
                        return  # a success's body is of no use, and is not worth a failure
                    try:
                        refusal = await response.aread()
                    except httpx.HTTPError:
                        refusal = b""
        finally:
            await body.aclose()
            reader.close()  # a generator cancelled before its first step never ran its finally
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
    ) -> str:
        """Send the file through the API host in one multipart request; small files only."""
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{_quote(filename)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        reader = _open(path)
        inner = _file_body(reader, path.name, size, self.chunk_size, on_progress, hasher)
        body = _framed(head, inner, tail)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        }
        try:
            data = await self._post(content=body, headers=headers)
        finally:
            await body.aclose()
            await inner.aclose()
            reader.close()
        return parse_direct(data)


def _quote(filename: str) -> str:
    # What browsers do for multipart names (HTML's form encoding): escape only what breaks framing.
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


async def _framed(
    head: bytes, inner: AsyncGenerator[bytes, None], tail: bytes
) -> AsyncGenerator[bytes, None]:
    try:
        yield head
        async for chunk in inner:
            yield chunk
        yield tail
    finally:
        await inner.aclose()


class _Reader:
    """A file read chunk by chunk in worker threads, closed only when no read is under way."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._lock = threading.Lock()

    def read(self, n: int, hasher: Hasher | None) -> bytes:
        with self._lock:
            chunk = self._handle.read(n)
        if hasher is not None:
            hasher.update(chunk)
        return chunk

    def size_now(self) -> int:
        with self._lock:
            return os.fstat(self._handle.fileno()).st_size

    def close(self) -> None:
        with self._lock:  # a read cancelled on the loop may still run in its thread
            self._handle.close()


def _open(path: Path) -> _Reader:
    # Opening is cheap and done here, not in the generator, so a cancelled start cannot leak it.
    try:
        return _Reader(path.open("rb"))
    except OSError:
        raise FileChanged(Reason.of("file_unopenable", name=path.name)) from None


async def _file_body(
    reader: _Reader,
    name: str,
    size: int,
    chunk_size: int,
    on_progress: ProgressCallback | None,
    hasher: Hasher | None = None,
) -> AsyncGenerator[bytes, None]:
    """Exactly ``size`` bytes of the file, read (and hashed) in a worker thread chunk by chunk."""
    loop = asyncio.get_running_loop()
    sent = 0
    try:
        while sent < size:
            chunk = await loop.run_in_executor(
                None, reader.read, min(chunk_size, size - sent), hasher
            )
            if not chunk:
                raise FileChanged(Reason.of("file_changed_during", name=name))
            sent += len(chunk)
            yield chunk
            if on_progress is not None:
                on_progress(sent)
        if await loop.run_in_executor(None, reader.size_now) != size:
            raise FileChanged(Reason.of("file_changed_during", name=name))
    except OSError:
        raise FileChanged(Reason.of("file_unreadable_during", name=name)) from None
    finally:
        reader.close()
