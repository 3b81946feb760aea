"""JPEG, PNG and WebP without location: only their metadata blocks change.

Each format keeps its picture in blocks of its own (JPEG's scan after SOS, PNG's IDAT chunks,
WebP's VP8/VP8L/ALPH/ANIM chunks); those are copied as they are, so the picture is byte for byte
the one the camera wrote. What is rewritten: EXIF (through app.core.media.exif), XMP packets that
name a place or a person (dropped whole: an XMP packet cannot be trusted to be edited in part),
and IPTC blocks (location and by-line fields live there).
"""

from __future__ import annotations

import re
import struct
import zlib

from app.core.media.exif import GPS, OWNER, ExifError, clean_exif

__all__ = ["EXIF_UNREADABLE", "IPTC", "XMP", "clean_jpeg", "clean_png", "clean_webp"]

XMP = "XMP location and names"
IPTC = "IPTC location and names"
EXIF_UNREADABLE = "unreadable EXIF"

_EXIF_HEADER = b"Exif\0\0"
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\0"
_XMP_EXT_HEADER = b"http://ns.adobe.com/xmp/extension/\0"
_PHOTOSHOP_HEADER = b"Photoshop 3.0\0"

# Words by which XMP says where or by whom: exif:GPS*, photoshop:City/State/Country,
# Iptc4xmpCore:Location, Iptc4xmpExt:LocationShown/Created, dc:creator, aux:SerialNumber, a
# drone's GpsLatitude...
_XMP_REVEALING = re.compile(
    rb"GPS|Latitude|Longitude|Location|photoshop:City|photoshop:State|photoshop:Country"
    rb"|CountryCode|Sublocation|SerialNumber|OwnerName|dc:creator|Artist|Author",
    re.IGNORECASE,
)


def _removed(found: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found))


def _exif(tiff: bytes, found: list[str]) -> bytes | None:
    """The cleaned TIFF, or None if it must go whole (unreadable: it may still hold a place)."""
    try:
        cleaned, what = clean_exif(tiff)
    except ExifError:
        found.append(EXIF_UNREADABLE)
        return None
    found.extend(what)
    return cleaned


def _xmp_revealing(packet: bytes) -> bool:
    return _XMP_REVEALING.search(packet) is not None


# --- JPEG ----------------------------------------------------------------------------------------


def clean_jpeg(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The JPEG without location (from the first SOS on, the bytes are the same), and what went.

    Raises ValueError for a JPEG whose segments cannot be walked.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = bytearray(data[:2])
    found: list[str] = []
    pos = 2
    while True:
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise ValueError("JPEG segment expected")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            out.append(0xFF)
            pos += 1
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan, or an end with no picture
            out += data[pos:]
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers with no length
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack_from(">H", data, pos + 2)
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("JPEG segment runs past the end")
        payload = data[pos + 4 : end]
        keep: bytes | None = data[pos:end]
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            tiff = payload[len(_EXIF_HEADER) :]
            cleaned = _exif(tiff, found)
            if cleaned is None:
                keep = None
            elif cleaned is not tiff:
                body = _EXIF_HEADER + cleaned
                keep = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
        elif marker == 0xE1 and payload.startswith((_XMP_HEADER, _XMP_EXT_HEADER)):
            if _xmp_revealing(payload):
                found.append(XMP)
                keep = None
        elif marker == 0xED and payload.startswith(_PHOTOSHOP_HEADER):
            found.append(IPTC)  # IPTC's by-line, city, sub-location and country fields
            keep = None
        if keep is not None:
            out += keep
        pos = end
    if not found:
        return data, ()
    return bytes(out), _removed(found)


# --- PNG -----------------------------------------------------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_TEXT_CHUNKS = (b"tEXt", b"zTXt", b"iTXt")
# ImageMagick's way of carrying EXIF, IPTC and XMP in a PNG: hex in a text chunk.
_RAW_PROFILES = (b"Raw profile type exif", b"Raw profile type iptc", b"Raw profile type xmp")
_TEXT_OWNER = (b"Author", b"Artist", b"Copyright", b"Location", b"GPS")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def clean_png(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The PNG without location (every other chunk, IDAT included, the same bytes), and what went.

    Raises ValueError for a PNG whose chunks cannot be walked.
    """
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    found: list[str] = []
    pos = len(_PNG_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            out += data[pos:]  # trailing bytes after IEND: kept as they were
            break
        (length,) = struct.unpack_from(">I", data, pos)
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("PNG chunk runs past the end")
        body = data[pos + 8 : pos + 8 + length]
        keep: bytes | None = data[pos:end]
        if kind == b"eXIf":
            cleaned = _exif(body, found)
            if cleaned is None:
                keep = None
            elif cleaned is not body:
                keep = _png_chunk(kind, cleaned)
        elif kind in _TEXT_CHUNKS:
            keyword = body.split(b"\0", 1)[0]
            if keyword in _RAW_PROFILES:
                found.append(GPS if keyword.endswith(b"exif") else XMP)
                keep = None
            elif keyword == b"XML:com.adobe.xmp":
                if _xmp_revealing(_png_text(kind, body)):
                    found.append(XMP)
                    keep = None
            elif keyword.startswith(_TEXT_OWNER):
                found.append(OWNER)
                keep = None
        if keep is not None:
            out += keep
        pos = end
        if kind == b"IEND":
            out += data[pos:]
            break
    if not found:
        return data, ()
    return bytes(out), _removed(found)


def _png_text(kind: bytes, body: bytes) -> bytes:
    """A text chunk's text, inflated if it is compressed (what XMP is checked on)."""
    try:
        if kind == b"zTXt":
            return zlib.decompress(body.split(b"\0", 1)[1][1:])
        if kind == b"iTXt":
            rest = body.split(b"\0", 1)[1]
            compressed = rest[0] == 1
            text = rest[2:].split(b"\0", 2)[2]  # language tag, translated keyword, text
            return zlib.decompress(text) if compressed else text
    except (IndexError, zlib.error):
        return body  # unreadable: judged on what can be seen
    return body


# --- WebP ----------------------------------------------------------------------------------------

_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def clean_webp(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The WebP without location (the VP8/VP8L/ALPH/ANMF chunks the same bytes), and what went.

    Raises ValueError for a WebP whose chunks cannot be walked.
    """
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP")
    chunks: list[bytes] = []
    found: list[str] = []
    has_exif = has_xmp = False
    pos = 12
    while pos + 8 <= len(data):
        kind = data[pos : pos + 4]
        (length,) = struct.unpack_from("<I", data, pos + 4)
        end = pos + 8 + length + (length & 1)
        if pos + 8 + length > len(data):
            raise ValueError("WebP chunk runs past the end")
        body = data[pos + 8 : pos + 8 + length]
        keep: bytes | None = data[pos:end]
        if kind == b"EXIF":
            # Some writers put JPEG's "Exif\0\0" in front of the TIFF, some do not.
            prefix = _EXIF_HEADER if body.startswith(_EXIF_HEADER) else b""
            cleaned = _exif(body[len(prefix) :], found)
            if cleaned is None:
                keep = None
            elif cleaned is not body[len(prefix) :]:
                keep = _riff_chunk(kind, prefix + cleaned)
        elif kind == b"XMP " and _xmp_revealing(body):
            found.append(XMP)
            keep = None
        if keep is not None:
            has_exif |= kind == b"EXIF"
            has_xmp |= kind == b"XMP "
            chunks.append(keep)
        pos = end
    if not found:
        return data, ()
    if chunks and chunks[0][:4] == b"VP8X":
        # The extended header's flags say which metadata chunks follow: they must agree.
        head = bytearray(chunks[0])
        flags = head[8] & ~(_VP8X_EXIF | _VP8X_XMP)
        head[8] = flags | (_VP8X_EXIF if has_exif else 0) | (_VP8X_XMP if has_xmp else 0)
        chunks[0] = bytes(head)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body, _removed(found)


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\0" if len(body) & 1 else b"")
