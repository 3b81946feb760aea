"""Files from a web address: downloaded into a private folder, checked while they arrive.

A pasted or dropped ``http(s)`` URL, or one given to ``upload``, is fetched here and then goes the
way of any file (inspect, queue, upload). The limits hold *while* the bytes arrive, before more
than the cap is ever stored: the first bytes are sniffed (an HTML page is refused at once), a
body longer than its kind's cap is stopped at cap + 1 bytes, and a deadline bounds the whole
download however slowly the bytes trickle.

The download has its own client: no API key, no cookie and no header of the Files API's ever
goes to the download host. An address on this computer or the local network is fetched like any
other: the person typed or dropped it themselves.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .media import Caps
from .private import PRIVATE_FILE, private_dir
from .reasons import Reason
from .sniff import HEAD_BYTES, describe, id3_end, sniff

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DownloadError",
    "DownloadLimits",
    "Downloaded",
    "check_url",
    "download",
    "filename_from",
    "is_url",
    "sanitise_name",
    "sweep",
]

SCHEMES = ("http", "https")
#: A URL shown in a sentence is cut to this many characters (a data: URL can be megabytes).
SHOWN_URL = 120
#: Downloads left behind by a crash are removed after this long (a live one is younger).
LEFTOVER_AGE = 24 * 3600.0
_PROGRESS_EVERY = 0.1  # seconds between progress calls, however fast the bytes come
_USER_AGENT = "APIModels-Uploader (+https://apimodels.app)"
_ACCEPT = "image/*, video/*, audio/*;q=0.9, */*;q=0.5"
_LOOKS_LIKE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_BAD_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u202a-\u202e\u2066-\u2069]')
_MAX_NAME = 120
_BINARY = getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class DownloadLimits:
    caps: Caps = field(default_factory=Caps)
    deadline: float = 600.0  # the whole download, however slowly it trickles
    stall: float = 30.0  # no byte (or no answer) for this long
    max_redirects: int = 5


class DownloadError(Exception):
    """A download that did not happen, with its reason as data (``why``)."""

    def __init__(self, why: Reason) -> None:
        super().__init__(str(why))
        self.why = why


@dataclass(frozen=True)
class Downloaded:
    """A complete download: ``path`` is alone in its own private folder, named for the file."""

    path: Path
    url: str  # the address given (what the person knows it by)
    final_url: str  # after redirects
    size: int
    mime: str | None  # from the first bytes; the inspect that follows has the last word

    def discard(self) -> None:
        discard(self.path)


def shown(url: str) -> str:
    return url if len(url) <= SHOWN_URL else url[: SHOWN_URL - 1] + "…"


def is_url(text: str) -> bool:
    """Whether an argument or a pasted line is meant as an address (``scheme://...``)."""
    return bool(_LOOKS_LIKE_URL.match(text.strip()))


def check_url(text: str) -> str:
    """The address to fetch, or DownloadError saying why it cannot be fetched."""
    url = text.strip()
    scheme = url.partition(":")[0].lower()
    if scheme not in SCHEMES:
        raise DownloadError(Reason.of("url_scheme", url=shown(url), scheme=scheme))
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018  (a port that is not a number raises here)
    except ValueError:
        raise DownloadError(Reason.of("url_invalid", url=shown(url))) from None
    if not parts.hostname:
        raise DownloadError(Reason.of("url_invalid", url=shown(url)))
    return url


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or url


def sanitise_name(raw: str) -> str:
    """A name that is safe as one file name on every system: no folders, no control or
    direction characters, none of Windows' reserved names or characters, not hidden, not
    too long (the extension is kept)."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = _BAD_NAME_CHARS.sub("_", name).strip(" .")
    if _WINDOWS_RESERVED.match(name):
        name = "_" + name
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = stem[: _MAX_NAME - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:_MAX_NAME].rstrip(" .")
    return name or "download"


def filename_from(content_disposition: str | None, url: str) -> str:
    """The file's name: Content-Disposition's ``filename*`` (RFC 6266/5987) or ``filename``,
    else the last part of the URL's path, else "download"; always sanitised."""
    if content_disposition:
        name = _disposition_name(content_disposition)
        if name:
            return sanitise_name(name)
    path = urllib.parse.urlsplit(url).path
    last = urllib.parse.unquote(path.rstrip("/").rsplit("/", 1)[-1]) if path else ""
    return sanitise_name(last)


_PARAM = re.compile(r';\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _disposition_name(value: str) -> str | None:
    """``filename*`` (RFC 5987: charset'lang'percent-encoded) wins over ``filename``."""
    params: dict[str, str] = {}
    for key, raw in _PARAM.findall(";" + value.partition(";")[2]):
        text = raw.strip()
        if text.startswith('"') and text.endswith('"') and len(text) >= 2:
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        params.setdefault(key.lower(), text)
    extended = params.get("filename*")
    if extended and extended.count("'") >= 2:
        charset, _lang, encoded = extended.split("'", 2)
        try:
            return urllib.parse.unquote(encoded, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown charset or broken bytes: the plain filename, if any
    return params.get("filename") or None


def sweep(folder: Path, *, older_than: float = LEFTOVER_AGE) -> int:
    """Remove downloads a crash left behind (at start); returns how many went."""
    import shutil

    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            try:
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < older_than:
                    continue
            except OSError:
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            removed += 1
    return removed


def _client(limits: DownloadLimits) -> httpx.AsyncClient:
    """A client of its own: nothing of the Files API's client (its key) can reach this host."""
    import urllib.request  # its proxy lookup; http.client with it: not for the first paint

    import httpx

    from .tls import ssl_context
    from .transport import Transports

    timeout = httpx.Timeout(limits.stall)
    headers = {"User-Agent": _USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"}
    proxies = urllib.request.getproxies()
    if any(proxies.get(scheme) for scheme in ("http", "https", "all")):
        with contextlib.suppress(ImportError, ValueError, httpx.InvalidURL):
            return httpx.AsyncClient(timeout=timeout, headers=headers, verify=ssl_context())
    return httpx.AsyncClient(
        timeout=timeout, headers=headers, transport=Transports(), trust_env=False
    )


Progress = Callable[[int, int | None], None]


async def download(
    url: str,
    folder: Path,
    *,
    limits: DownloadLimits | None = None,
    on_progress: Progress | None = None,
    client: httpx.AsyncClient | None = None,
) -> Downloaded:
    """Fetch ``url`` into a new private folder under ``folder``; DownloadError says why not.

    Cancelling it (or any failure) leaves nothing behind.
    """
    limits = limits or DownloadLimits()
    url = check_url(url)
    own = client is None
    http = _client(limits) if client is None else client
    try:
        async with asyncio.timeout(limits.deadline):
            return await _fetch(http, url, folder, limits, on_progress)
    except TimeoutError:
        raise DownloadError(
            Reason.of("url_deadline", host=_host(url), seconds=limits.deadline)
        ) from None
    except DownloadError:
        raise
    except Exception as exc:
        raise DownloadError(_network_reason(exc, url, limits)) from None
    finally:
        if own:
            await http.aclose()


def _network_reason(exc: Exception, url: str, limits: DownloadLimits) -> Reason:
    import ssl

    import httpx

    host = _host(url)
    current: BaseException | None = exc
    while current is not None:
        if isinstance(current, ssl.SSLCertVerificationError):
            return Reason.of("certificate", host=host)
        current = current.__cause__ or current.__context__
    if isinstance(exc, httpx.TimeoutException):
        return Reason.of("url_stalled", host=host, seconds=limits.stall)
    if isinstance(exc, httpx.ConnectError):
        return Reason.of("url_connect", host=host)
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return Reason.of("url_invalid", url=shown(url))
    if isinstance(exc, OSError):
        return Reason.of("url_not_saved", detail=exc.strerror or type(exc).__name__)
    return Reason.of("url_failed", host=host, detail=type(exc).__name__)


async def _fetch(
    http: httpx.AsyncClient,
    url: str,
    folder: Path,
    limits: DownloadLimits,
    on_progress: Progress | None,
) -> Downloaded:
    seen = {url}
    current = url
    for _hop in range(limits.max_redirects + 1):
        request = http.build_request("GET", current)
        response = await http.send(request, stream=True)
        try:
            if response.is_redirect and response.next_request is not None:
                following = str(response.next_request.url)
                if following.partition(":")[0].lower() not in SCHEMES:
                    raise DownloadError(
                        Reason.of("url_redirect_scheme", url=shown(url), target=shown(following))
                    )
                if following in seen:
                    raise DownloadError(Reason.of("url_redirect_loop", url=shown(url)))
                seen.add(following)
                current = following
                continue
            if response.status_code >= 400 or response.status_code < 200:
                raise DownloadError(
                    Reason.of("url_status", host=_host(current), status=response.status_code)
                )
            name = filename_from(response.headers.get("content-disposition"), current)
            return await _store(response, url, current, name, folder, limits, on_progress)
        finally:
            await response.aclose()
    raise DownloadError(Reason.of("url_redirects", url=shown(url), limit=limits.max_redirects))


async def _store(
    response: httpx.Response,
    url: str,
    final_url: str,
    name: str,
    folder: Path,
    limits: DownloadLimits,
    on_progress: Progress | None,
) -> Downloaded:
    host = _host(final_url)
    largest = max(limits.caps.image, limits.caps.video, limits.caps.audio)
    declared: int | None = None
    with contextlib.suppress(ValueError):
        declared = int(response.headers.get("content-length", ""))
    if declared is not None and declared > largest:
        # Refused before a byte of the body is read.
        raise DownloadError(
            Reason.of("url_too_large", name=name, host=host, kind="file", cap_bytes=largest)
        )
    import shutil
    import tempfile

    private_dir(folder)
    place = Path(tempfile.mkdtemp(prefix="dl-", dir=folder))  # 0700, ours alone
    target = place / name
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE)
    except OSError:
        shutil.rmtree(place, ignore_errors=True)
        raise
    cap, kind, mime = largest, "file", None
    head = b""
    received = 0
    last_report = 0.0
    done = False
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in response.aiter_bytes():
                if len(head) < HEAD_BYTES:
                    head += chunk[: HEAD_BYTES - len(head)]
                    if len(head) >= HEAD_BYTES:
                        mime, kind, cap = _judge(head, name, url, limits.caps)
                if received + len(chunk) > cap:
                    # Not a byte more than cap + 1 is ever kept.
                    raise DownloadError(
                        Reason.of("url_too_large", name=name, host=host, kind=kind, cap_bytes=cap)
                    )
                # A write into the page cache: microseconds for a chunk, fine on the loop.
                out.write(chunk)
                received += len(chunk)
                now = time.monotonic()
                if on_progress is not None and now - last_report >= _PROGRESS_EVERY:
                    last_report = now
                    on_progress(received, declared)
            if received == 0:
                raise DownloadError(Reason.of("url_empty", host=host))
            if len(head) < HEAD_BYTES:
                mime, kind, cap = _judge(head, name, url, limits.caps)
                if received > cap:
                    raise DownloadError(
                        Reason.of("url_too_large", name=name, host=host, kind=kind, cap_bytes=cap)
                    )
        if on_progress is not None:
            on_progress(received, declared)
        done = True
    finally:
        if not done:
            shutil.rmtree(place, ignore_errors=True)
    return Downloaded(target, url, final_url, received, mime)


def _judge(head: bytes, name: str, url: str, caps: Caps) -> tuple[str | None, str, int]:
    """(type, kind, cap) from the first bytes; DownloadError for what is no media at all."""
    mime = sniff(head, name)
    if mime is None:
        if id3_end(head) is not None:  # an MP3 whose tag (cover art) runs past the head
            return None, "audio", caps.audio
        raise DownloadError(Reason.of("url_not_media", url=shown(url), looks=describe(head)))
    kind = mime.partition("/")[0]
    return mime, kind, caps.for_kind(kind)  # type: ignore[arg-type]


def store_bytes(data: bytes, folder: Path, name: str) -> Path:
    """Bytes that came with a drop (a browser's image data), kept like a download: alone in a
    new private folder under ``folder``, under a sanitised ``name``. Raises OSError."""
    target = new_place(folder, name)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except OSError:
        discard(target)
        raise
    return target


def new_place(folder: Path, name: str) -> Path:
    """A path for a file of the app's own making (a picture from a drop), in a new private
    folder under ``folder``; the caller writes it. Raises OSError."""
    import tempfile

    private_dir(folder)
    return Path(tempfile.mkdtemp(prefix="drop-", dir=folder)) / sanitise_name(name)


def discard(path: Path) -> None:
    """Remove a file made by this module and its folder (nothing else is ever in it)."""
    import shutil

    shutil.rmtree(path.parent, ignore_errors=True)
