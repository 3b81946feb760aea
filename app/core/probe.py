"""A few facts about a media file for copy templates: a video's size, a clip's length.

Read from the container's headers only (a few small reads, never the media data): WAV through the
standard library, MP4, MOV, M4A and 3GP through their ``moov`` box (``mvhd`` for the length,
the first ``tkhd`` with a size for the picture). Anything else, or anything malformed, is simply
not known (None): a template then shows an empty value rather than a wrong one.
"""

from __future__ import annotations

import os
import struct
import wave
from typing import BinaryIO

#: The ISO base media family, by what the sniffer calls them.
_ISO_TYPES = ("video/mp4", "video/quicktime", "audio/mp4", "audio/x-m4a", "video/3gpp")
_CONTAINERS = (b"moov", b"trak", b"mdia")
_MAX_BOXES = 10_000  # a file of tiny boxes must not keep us reading


def _boxes(handle: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes between start and end."""
    found: list[tuple[bytes, int, int]] = []
    at = start
    while at + 8 <= end and len(found) < _MAX_BOXES:
        handle.seek(at)
        head = handle.read(8)
        if len(head) < 8:
            break
        size, kind = struct.unpack(">I4s", head)
        header = 8
        if size == 1:
            large = handle.read(8)
            if len(large) < 8:
                break
            (size,) = struct.unpack(">Q", large)
            header = 16
        elif size == 0:
            size = end - at
        if size < header or at + size > end:
            break
        found.append((kind, at + header, at + size))
        at += size
    return found


def _find(handle: BinaryIO, start: int, end: int, path: tuple[bytes, ...]) -> list[tuple[int, int]]:
    """Payload spans of every box at ``path`` (e.g. moov/trak/tkhd)."""
    spans: list[tuple[int, int]] = []
    for kind, first, last in _boxes(handle, start, end):
        if kind != path[0]:
            continue
        if len(path) == 1:
            spans.append((first, last))
        elif kind in _CONTAINERS:
            spans += _find(handle, first, last, path[1:])
    return spans


def _read(handle: BinaryIO, at: int, count: int) -> bytes:
    handle.seek(at)
    return handle.read(count)


def _iso_facts(path: str | os.PathLike[str]) -> tuple[float | None, tuple[int, int] | None]:
    with open(path, "rb") as handle:
        end = os.fstat(handle.fileno()).st_size
        seconds = None
        for first, _last in _find(handle, 0, end, (b"moov", b"mvhd")):
            head = _read(handle, first, 32)
            if head[:1] == b"\x01" and len(head) >= 32:
                scale, length = struct.unpack(">IQ", head[20:32])
            elif len(head) >= 20:
                scale, length = struct.unpack(">II", head[12:20])
            else:
                continue
            if scale:
                seconds = length / scale
            break
        size = None
        for first, last in _find(handle, 0, end, (b"moov", b"trak", b"tkhd")):
            payload = _read(handle, first, min(last - first, 104))
            if len(payload) >= 8:  # width and height are the payload's last 8 bytes
                width, height = struct.unpack(">II", payload[-8:])
                if width >> 16 and height >> 16:
                    size = (width >> 16, height >> 16)
                    break
        return seconds, size


def media_facts(
    path: str | os.PathLike[str], mime: str
) -> tuple[float | None, tuple[int, int] | None]:
    """(length in seconds, (width, height) of the picture), each None when not known."""
    try:
        if mime in ("audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"):
            with wave.open(os.fspath(path), "rb") as sound:
                rate = sound.getframerate()
                return (sound.getnframes() / rate if rate else None), None
        if mime in _ISO_TYPES:
            return _iso_facts(path)
    except (OSError, EOFError, wave.Error, struct.error):
        pass
    return None, None


def seconds_text(seconds: float | None) -> str:
    """A length as a template shows it: seconds with at most one decimal ("12.5", "3")."""
    if seconds is None:
        return ""
    return f"{seconds:.1f}".removesuffix(".0")
