"""What a browser puts in a drag or on the clipboard: an address, sometimes the image too.

Browsers differ: Chrome gives ``text/uri-list`` and ``text/html`` with an ``<img src>``, and on
some systems the picture itself; Firefox adds ``text/x-moz-url`` (UTF-16, address and title on
alternate lines) and ``_NETSCAPE_URL``; Qt offers a decoded picture as ``application/x-qt-image``.
All are read here. When the picture's bytes came along they are used as they are (nothing to
download); otherwise the address is downloaded (app/ui/control/fetches.py).
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

#: Image formats whose bytes are kept as they came (no decoding, no PNG re-encoding).
RAW_IMAGE_FORMATS = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif")
_SRC = re.compile(
    r"<(?:img|video|audio|source)\b[^>]*?\ssrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
_DATA_URL = re.compile(r"^data:(image|video|audio)/([\w.+-]+)?(;[^,]*)?,", re.IGNORECASE)


@dataclass
class WebDrop:
    urls: list[str] = field(default_factory=list)  # addresses, in order, each once
    data: bytes | None = None  # the picture's own bytes
    image: QImage | None = None  # a picture Qt decoded, when no bytes came
    data_name: str = ""

    @property
    def name(self) -> str:
        from app.core.download import filename_from

        if self.data_name:
            return self.data_name
        return filename_from(None, self.urls[0]) if self.urls else "image"


def _text(mime: QMimeData, fmt: str, encoding: str = "utf-8") -> str:
    if not mime.hasFormat(fmt):
        return ""
    raw = bytes(mime.data(fmt).data())
    if encoding == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le"  # Firefox writes no byte order mark
    return raw.decode(encoding, errors="replace").replace("\x00", "")


def _add(urls: list[str], candidate: str) -> None:
    from app.core.download import is_url  # on first use: not before the first paint

    candidate = candidate.strip()
    if candidate and is_url(candidate) and candidate not in urls:
        urls.append(candidate)


def _from_data_url(url: str) -> tuple[bytes, str] | None:
    """An ``<img src="data:image/png;base64,...">``: the bytes, and a name with the subtype."""
    match = _DATA_URL.match(url)
    if match is None:
        return None
    payload = url[match.end() :]
    try:
        if match.group(3) and "base64" in match.group(3).lower():
            data = base64.b64decode(payload, validate=False)
        else:
            from urllib.parse import unquote_to_bytes

            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
    subtype = (match.group(2) or "bin").lower().replace("svg+xml", "svg").replace("jpeg", "jpg")
    return (data, f"image.{subtype}") if data else None


def read(mime: QMimeData, *, text_too: bool) -> WebDrop | None:
    """The web part of a drop or paste; None if it holds no web address and no inline picture.

    ``text_too``: plain text that is an address counts (a paste); a drop of text does not, or
    every dragged sentence with a link in it would start a download."""
    drop = WebDrop()
    for url in mime.urls():
        if not url.isLocalFile():
            _add(drop.urls, url.toString())
    lines = _text(mime, "text/x-moz-url", "utf-16").splitlines()
    for line in lines[0::2]:  # address, title, address, title...
        _add(drop.urls, line)
    _add(drop.urls, _text(mime, "_NETSCAPE_URL").partition("\n")[0])
    if mime.hasHtml():
        for found in _SRC.finditer(mime.html()):
            src = html.unescape(next(g for g in found.groups() if g is not None))
            inline = _from_data_url(src)
            if inline is not None and drop.data is None:
                drop.data, drop.data_name = inline
            else:
                _add(drop.urls, src)
    if text_too and mime.hasText():
        for line in mime.text().splitlines():
            _add(drop.urls, line)
    if not drop.urls and drop.data is None:
        return None
    if drop.data is None:
        for fmt in RAW_IMAGE_FORMATS:
            if mime.hasFormat(fmt) and (raw := bytes(mime.data(fmt).data())):
                stem = drop.name.rpartition(".")[0] or drop.name
                drop.data, drop.data_name = (
                    raw,
                    f"{stem}.{fmt.split('/')[1]}".replace("jpeg", "jpg"),
                )
                break
    if drop.data is None and mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            drop.image = image
    return drop


def take(drop: WebDrop, controller: Controller) -> None:
    """The picture that came along if there is one (named for its address), else downloads."""
    if drop.data is not None:
        controller.fetches.add_data(drop.data, drop.name)
    elif drop.image is not None:
        controller.fetches.add_data(drop.image, drop.name)
    else:
        controller.fetches.add_urls(drop.urls)


class WebDropWords(QObject):
    """The overlay's words for a web drop (a QObject for tr())."""

    def offer(self, drop: WebDrop) -> tuple[str, str]:
        if drop.data is not None or drop.image is not None:
            return (
                self.tr("Drop to upload the picture"),
                self.tr("The picture from the web page is uploaded as it is."),
            )
        return (
            self.tr("Drop to download and upload %n file(s)", "", len(drop.urls)),
            self.tr("Web addresses are downloaded first, then uploaded."),
        )
