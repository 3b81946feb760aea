"""The Files API client: presign, PUT to storage, and direct (multipart) upload.

One long-lived ``httpx.AsyncClient``. File bodies are streamed in chunks read off the event loop's
thread, with an explicit Content-Length (object stores refuse chunked PUTs), so memory does not grow
with the file and the loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncGenerator, AsyncIterator, Callable
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
from .errors import AuthError, BadRequest, FileChanged, NetworkError

__all__ = ["DEFAULT_BASE_URL", "FILES_PATH", "FilesClient", "Presigned"]

DEFAULT_BASE_URL = "https://apimodels.app"
FILES_PATH = "/api/v1/files"
CHUNK_SIZE = 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(connect=15.0, read=60.0, write=60.0, pool=None)

ProgressCallback = Callable[[int], None]


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...


def _network_sentence(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "The connection timed out."
    if isinstance(exc, httpx.ConnectError):
        return "Could not connect to the service. Check your internet connection and the base URL."
    return "The connection was interrupted."


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
        return {"Authorization": f"Bearer {self._api_key}"}

    async def _post(
        self,
        *,
        json: object = None,
        content: AsyncIterator[bytes] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        all_headers = {**self._auth(), **(headers or {})}
        try:
            if content is not None:
                response = await self._http.post(
                    self.endpoint, headers=all_headers, content=content
                )
            else:
                response = await self._http.post(self.endpoint, headers=all_headers, json=json)
        except httpx.TransportError as exc:
            raise NetworkError(_network_sentence(exc)) from None
        return self._read(response)

    @staticmethod
    def _read(response: httpx.Response) -> dict[str, Any]:
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
        body = _file_body(path, size, self.chunk_size, on_progress, hasher)
        try:
            response = await self._http.put(upload_url, headers=headers, content=body)
        except httpx.LocalProtocolError:
            # h11 refuses to send fewer bytes than declared: the file shrank under us.
            raise FileChanged(f"{path.name} changed while it was uploading.") from None
        except httpx.TransportError as exc:
            raise NetworkError(_network_sentence(exc)) from None
        finally:
            await body.aclose()
        if response.status_code // 100 != 2:
            raise storage_error(response.status_code, response.content)

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
        body = _framed(head, _file_body(path, size, self.chunk_size, on_progress, hasher), tail)
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + size + len(tail)),
        }
        try:
            data = await self._post(content=body, headers=headers)
        finally:
            await body.aclose()
        return parse_direct(data)


def _quote(filename: str) -> str:
    # What browsers do for multipart names (HTML's form encoding): escape only what breaks framing.
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


async def _framed(
    head: bytes, inner: AsyncGenerator[bytes, None], tail: bytes
) -> AsyncGenerator[bytes, None]:
    yield head
    async for chunk in inner:
        yield chunk
    yield tail
    await inner.aclose()


def _read_chunk(handle: BinaryIO, n: int, hasher: Hasher | None) -> bytes:
    chunk = handle.read(n)
    if hasher is not None:
        hasher.update(chunk)
    return chunk


async def _file_body(
    path: Path,
    size: int,
    chunk_size: int,
    on_progress: ProgressCallback | None,
    hasher: Hasher | None = None,
) -> AsyncGenerator[bytes, None]:
    """Exactly ``size`` bytes of the file, read (and hashed) in a worker thread chunk by chunk."""
    loop = asyncio.get_running_loop()
    try:
        handle: BinaryIO = await loop.run_in_executor(None, open, path, "rb")
    except OSError:
        raise FileChanged(f"{path.name} could not be opened for upload.") from None
    sent = 0
    try:
        while sent < size:
            chunk = await loop.run_in_executor(
                None, _read_chunk, handle, min(chunk_size, size - sent), hasher
            )
            if not chunk:
                raise FileChanged(f"{path.name} changed while it was uploading.")
            sent += len(chunk)
            yield chunk
            if on_progress is not None:
                on_progress(sent)
        if sent == size and os.fstat(handle.fileno()).st_size != size:
            raise FileChanged(f"{path.name} changed while it was uploading.")
    except OSError:
        raise FileChanged(f"{path.name} could not be read while uploading.") from None
    finally:
        handle.close()
