"""EXIF (a TIFF structure) without what says where a picture was taken and by whom.

The TIFF is rebuilt from its entries rather than patched: a tag that goes must not leave its value
behind in the bytes. Everything else (orientation, resolution, exposure, time, colour space) is
copied entry by entry with its value unchanged. The thumbnail directory (IFD1) goes too: it is a
second, often uncropped, copy of the picture, which is a known way for a crop to leak.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = ["GPS", "MAKER_NOTES", "OWNER", "SERIAL", "clean_exif"]

# What a removal is called, in the core's words (the window renders a badge, the CLI a list).
GPS = "GPS position"
MAKER_NOTES = "maker notes"
SERIAL = "serial numbers"
OWNER = "owner and artist names"

_EXIF_IFD, _GPS_IFD, _INTEROP_IFD = 0x8769, 0x8825, 0xA005
_SUB_IFDS = {_EXIF_IFD, _INTEROP_IFD}

#: tag -> what its removal is called.
_DROP: dict[int, str] = {
    _GPS_IFD: GPS,
    0x927C: MAKER_NOTES,  # MakerNote (in the Exif IFD): vendors keep serials and places in it
    0xC4A5: MAKER_NOTES,  # PrintIM
    0x013B: OWNER,  # Artist
    0x8298: OWNER,  # Copyright: usually the owner's name
    0x9C9D: OWNER,  # XPAuthor
    0xA430: OWNER,  # CameraOwnerName
    0x013C: SERIAL,  # HostComputer: the computer's name
    0xA431: SERIAL,  # BodySerialNumber
    0xA435: SERIAL,  # LensSerialNumber
    0xA420: SERIAL,  # ImageUniqueID: ties the picture to the camera that made it
    0xC62F: SERIAL,  # CameraSerialNumber (DNG)
}

_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_ENTRIES = 1000  # a damaged count must not make us read forever


class ExifError(ValueError):
    """The EXIF cannot be read; the caller drops it whole rather than send it unread."""


@dataclass
class _Entry:
    tag: int
    type: int
    count: int
    value: bytes  # the raw value bytes, in the TIFF's byte order
    sub: list[_Entry] | None = None  # for a pointer to a sub-IFD


def clean_exif(tiff: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The TIFF without the tags in _DROP (and without IFD1), and what went; the same bytes, and
    nothing, when there is nothing to take out. Raises ExifError for a TIFF that cannot be read."""
    if len(tiff) < 8 or tiff[:4] not in (b"II*\0", b"MM\0*"):
        raise ExifError("not a TIFF header")
    order = "<" if tiff[:2] == b"II" else ">"
    (first,) = struct.unpack_from(order + "I", tiff, 4)
    removed: list[str] = []
    entries, next_ifd = _read_ifd(tiff, order, first, removed, depth=0)
    if next_ifd:
        removed.append("thumbnail")
    if not removed:
        return tiff, ()
    body = _emit(entries, order, 8)
    out = tiff[:4] + struct.pack(order + "I", 8) + body
    seen: list[str] = []
    for what in removed:
        if what not in seen and what != "thumbnail":
            seen.append(what)
    return out, tuple(seen)


def _read_ifd(
    tiff: bytes, order: str, offset: int, removed: list[str], depth: int
) -> tuple[list[_Entry], int]:
    if depth > 4 or offset + 2 > len(tiff) or offset < 8:
        raise ExifError("IFD out of range")
    (count,) = struct.unpack_from(order + "H", tiff, offset)
    if count > _MAX_ENTRIES or offset + 2 + 12 * count > len(tiff):
        raise ExifError("IFD too long")
    entries: list[_Entry] = []
    for i in range(count):
        tag, typ, n, raw = struct.unpack_from(order + "HHI4s", tiff, offset + 2 + 12 * i)
        if tag in _DROP:
            removed.append(_DROP[tag])
            continue
        size = _TYPE_SIZES.get(typ)
        if size is None:
            continue  # a type this TIFF version does not know: nothing can read it anyway
        length = size * n
        if length <= 4:
            value = raw[:length]
        else:
            (at,) = struct.unpack(order + "I", raw)
            if at + length > len(tiff):
                raise ExifError("value out of range")
            value = tiff[at : at + length]
        entry = _Entry(tag, typ, n, value)
        if tag in _SUB_IFDS:
            (at,) = struct.unpack(order + "I", raw)
            entry.sub, _ = _read_ifd(tiff, order, at, removed, depth + 1)
        entries.append(entry)
    end = offset + 2 + 12 * count
    next_ifd = struct.unpack_from(order + "I", tiff, end)[0] if end + 4 <= len(tiff) else 0
    return entries, next_ifd


def _emit(entries: list[_Entry], order: str, base: int) -> bytes:
    """One IFD placed at ``base`` (offsets count from the TIFF header), its values after it, and
    its sub-IFDs after those."""
    table = bytearray(struct.pack(order + "H", len(entries)))
    data_at = base + 2 + 12 * len(entries) + 4
    data = bytearray()
    subs: list[tuple[int, _Entry]] = []
    for entry in sorted(entries, key=lambda e: e.tag):  # TIFF wants tags in ascending order
        if entry.sub is not None:
            subs.append((len(table), entry))
            table += struct.pack(order + "HHI", entry.tag, 4, 1) + b"\0\0\0\0"
            continue
        table += struct.pack(order + "HHI", entry.tag, entry.type, entry.count)
        if len(entry.value) <= 4:
            table += entry.value.ljust(4, b"\0")
        else:
            if len(data) % 2:
                data += b"\0"  # values start on a word boundary
            table += struct.pack(order + "I", data_at + len(data))
            data += entry.value
    table += b"\0\0\0\0"  # no next IFD
    if len(data) % 2:
        data += b"\0"
    out = table + data
    for position, entry in subs:
        assert entry.sub is not None
        at = base + len(out)
        struct.pack_into(order + "I", out, position + 8, at)
        out += _emit(entry.sub, order, at)
    return bytes(out)
