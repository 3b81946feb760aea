"""MP4, MOV and M4A without location: the revealing atoms become `free` atoms of the same size.

An atom that is turned into `free` (and its contents zeroed) keeps every other byte where it was,
so no chunk offset (stco/co64) moves, the media data is not touched, and cleaning a file costs one
copy of it plus a few small writes. `free` is how ISO BMFF and QuickTime themselves mark space to
skip. The track header's matrix (the rotation) and every sample stay as they were.

What goes: `©xyz` and `loci` (the place), `©mak`/`©mod` and the like (the camera), `©ART`/`auth`
(a person), an XMP `uuid` atom, and Apple's `meta` holding `com.apple.quicktime.location.*` keys.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.media.clean_images import XMP
from app.core.media.exif import GPS, OWNER, SERIAL

__all__ = ["CAMERA", "Patch", "apply_patches", "find_patches"]

CAMERA = "camera make and model"

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"udta", b"edts"}
_XMP_UUID = bytes.fromhex("BE7ACFCB97A942E89C71999491E3AFAC")
#: user-data atoms that say where or by whom, and what their removal is called.
_UDTA_REVEALING: dict[bytes, str] = {
    b"\xa9xyz": GPS,
    b"loci": GPS,
    b"\xa9mak": CAMERA,
    b"\xa9mod": CAMERA,
    b"\xa9ART": OWNER,
    b"\xa9aut": OWNER,
    b"auth": OWNER,
    b"\xa9com": OWNER,
    b"\xa9prd": OWNER,
    b"XMP_": XMP,
}
# Inside a `meta` atom (Apple's keys or iTunes-style ilst): markers of what it holds.
_META_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"com.apple.quicktime.location", GPS),
    (b"\xa9xyz", GPS),
    (b"com.apple.quicktime.make", CAMERA),
    (b"com.apple.quicktime.model", CAMERA),
    (b"com.apple.quicktime.camera", CAMERA),
    (b"com.apple.quicktime.author", OWNER),
    (b"\xa9ART", OWNER),
    (b"com.android.manufacturer", CAMERA),
    (b"com.android.model", CAMERA),
    (b"SerialNumber", SERIAL),
)
_MAX_META = 64 * 1024 * 1024  # a meta atom larger than this is not metadata one can read in


@dataclass(frozen=True)
class Patch:
    """One atom to turn into `free`: where its header starts and how long it is in all."""

    offset: int
    size: int
    header: int  # 8, or 16 with a 64-bit size (the size field is kept as it is)


def _atoms(fd: int, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]]:
    """(type, offset, size, header length) of each atom in [start, end)."""
    pos = start
    while pos + 8 <= end:
        head = os.pread(fd, 16, pos)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if size == 1:
            if len(head) < 16:
                return
            (size,) = struct.unpack(">Q", head[8:16])
            header = 16
        elif size == 0:
            size = end - pos  # to the end of its parent
        if size < header or pos + size > end:
            raise ValueError(f"atom {kind!r} runs past its parent")
        yield kind, pos, size, header
        pos += size


def find_patches(fd: int, file_size: int) -> tuple[list[Patch], tuple[str, ...]]:
    """The atoms of an MP4/MOV that give away a place or a person, and what they are called.

    Raises ValueError when the atoms cannot be walked (a damaged file).
    """
    patches: list[Patch] = []
    found: list[str] = []
    _walk(fd, 0, file_size, b"", patches, found, depth=0)
    return patches, tuple(dict.fromkeys(found))


def _walk(
    fd: int,
    start: int,
    end: int,
    parent: bytes,
    patches: list[Patch],
    found: list[str],
    depth: int,
) -> None:
    if depth > 8:
        return
    for kind, pos, size, header in _atoms(fd, start, end):
        if kind == b"uuid" and os.pread(fd, 16, pos + header) == _XMP_UUID:
            patches.append(Patch(pos, size, header))
            found.append(XMP)
        elif parent == b"udta" and kind in _UDTA_REVEALING:
            patches.append(Patch(pos, size, header))
            found.append(_UDTA_REVEALING[kind])
        elif kind == b"meta" and parent in (b"moov", b"trak", b"udta", b""):
            if size - header > _MAX_META:
                continue
            what = _meta_reveals(os.pread(fd, size - header, pos + header))
            if what:
                patches.append(Patch(pos, size, header))
                found.extend(what)
        elif kind in _CONTAINERS and (parent or kind == b"moov"):
            _walk(fd, pos + header, pos + size, kind, patches, found, depth + 1)


def _meta_reveals(body: bytes) -> list[str]:
    return [what for marker, what in _META_MARKERS if marker in body]


def apply_patches(fd: int, patches: list[Patch]) -> None:
    """Turn each atom into `free` with zeroed contents, in the file open for writing at fd."""
    zeros = bytes(1024 * 1024)
    for patch in patches:
        os.pwrite(fd, b"free", patch.offset + 4)
        at, left = patch.offset + patch.header, patch.size - patch.header
        while left > 0:
            n = os.pwrite(fd, zeros[: min(left, len(zeros))], at)
            at, left = at + n, left - n
