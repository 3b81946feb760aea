"""GET/HEAD /public/<key>: the stored bytes, with single-range support, until the public TTL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from .responses import s3_error
from .state import ServerState

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 256 * 1024
#: No script, no plugin, no form, no fetch; styles and images inline only: media still shows.
PUBLIC_CSP = (
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox"
)


def _not_found(key: str) -> Response:
    return s3_error(404, "NoSuchKey", "The specified key does not exist.", Key=key)


def parse_range(header: str | None, size: int) -> tuple[int, int] | str | None:
    """(first, last) inclusive; None to serve it all; "unsatisfiable" for a 416."""
    if not header:
        return None
    match = _RANGE_RE.match(header.strip().replace(" ", ""))
    if match is None:
        return None  # multiple or malformed ranges: a full 200 is a valid answer
    first_s, last_s = match.groups()
    if not first_s and not last_s:
        return None
    if not first_s:  # suffix: the last n bytes
        n = int(last_s)
        if n == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - n), size - 1
    first = int(first_s)
    last = int(last_s) if last_s else size - 1
    if last_s and last < first:
        return None
    if first >= size:
        return "unsatisfiable"
    return first, min(last, size - 1)


def _file_slice(path: Path, first: int, length: int) -> Iterator[bytes]:
    # A sync generator: Starlette iterates it in a worker thread, off the event loop.
    with path.open("rb") as f:
        f.seek(first)
        remaining = length
        while remaining > 0:
            chunk = f.read(min(_CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


async def handle_public(request: Request, state: ServerState) -> Response:
    raw_path = bytes(request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    key = unquote(raw_path.removeprefix("/public/"))
    meta = state.storage.lookup(key)
    if meta is None:
        return _not_found(key)
    if state.clock.now() >= meta.completed_at + timedelta(seconds=state.public_ttl):
        state.storage.delete(key)
        return _not_found(key)

    headers = {
        "Accept-Ranges": "bytes",
        "ETag": f'"{meta.etag}"',
        "Last-Modified": format_datetime(meta.completed_at, usegmt=True),
        "Content-Type": meta.content_type,
        # Anyone's upload, served on this computer's loopback: an SVG with onload (or an
        # "image" that is HTML) must not run as a page of this origin, nor be sniffed into one.
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PUBLIC_CSP,
    }
    wanted = parse_range(request.headers.get("range"), meta.size)
    if wanted == "unsatisfiable":
        headers["Content-Range"] = f"bytes */{meta.size}"
        del headers["Content-Type"]
        return Response(b"", 416, headers=headers)
    status = 200
    first, length = 0, meta.size
    if isinstance(wanted, tuple):
        first, last = wanted
        length = last - first + 1
        status = 206
        headers["Content-Range"] = f"bytes {first}-{last}/{meta.size}"
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return Response(b"", status, headers=headers)
    try:
        # Open now so a vanished file is a 404, not a broken stream.
        meta.path.stat()
    except OSError:
        return _not_found(key)
    return StreamingResponse(_file_slice(meta.path, first, length), status, headers=headers)
