"""Take location and camera details out of a file before it goes to a public URL, losslessly.

:func:`clean` gives back the media to send: the same :class:`Media` when there was nothing to take
out (nothing is copied then), or a private copy in the scratch folder with ``origin`` saying which
file it came from and what went. The original is only ever read.

JPEG, PNG and WebP are rewritten block by block (app.core.media.clean_images), MP4/MOV/M4A get
their revealing atoms blanked in place (app.core.media.clean_atoms) and FLAC loses the Vorbis
comments that name a place. Every other format goes as it is.
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from app.core.media.check import OPEN_FLAGS, Media, Origin, Refusal, Stamp
from app.core.media.clean_atoms import apply_patches, find_patches
from app.core.media.clean_images import clean_jpeg, clean_png, clean_webp
from app.core.media.exif import GPS, OWNER
from app.core.media.scratch import Scratch
from app.core.reasons import Reason

__all__ = ["CLEANABLE", "clean"]

_IMAGES: dict[str, Callable[[bytes], tuple[bytes, tuple[str, ...]]]] = {
    "image/jpeg": clean_jpeg,
    "image/png": clean_png,
    "image/webp": clean_webp,
}
_ATOMS = {"video/mp4", "video/quicktime", "audio/mp4"}
CLEANABLE = frozenset(_IMAGES) | _ATOMS | {"audio/flac"}
_SUFFIX = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "audio/mp4": ".m4a",
    "audio/flac": ".flac",
}


class _Changed(Exception):
    """The file is not the one that was checked any more."""


def clean(media: Media, scratch: Scratch) -> Media | Refusal:
    """The media to send in place of ``media``: cleaned if anything had to go. Never raises for a
    file's content: a file that cannot be read through comes back as a Refusal with a sentence."""
    if media.mime not in CLEANABLE:
        return media
    try:
        fd = os.open(media.path, OPEN_FLAGS)
    except OSError:
        return Refusal(media.path, Reason.of("file_gone", name=media.name), media.size)
    out: Path | None = None
    try:
        st = os.fstat(fd)
        _same(media, st)
        if media.mime in _ATOMS:
            out, removed = _clean_atoms(fd, st.st_size, media, scratch)
        elif media.mime == "audio/flac":
            out, removed = _clean_flac(fd, st.st_size, media, scratch)
        else:
            out, removed = _clean_image(fd, st.st_size, media, scratch)
        _same(media, os.fstat(fd))
    except _Changed:
        Scratch.discard(out)
        return Refusal(media.path, Reason.of("file_changed_since_added", name=media.name))
    except (ValueError, struct.error) as exc:
        Scratch.discard(out)
        why = Reason.of("clean_unreadable", name=media.name, detail=str(exc))
        return Refusal(media.path, why, media.size)
    except OSError as exc:
        Scratch.discard(out)
        why = Reason.of("clean_failed", name=media.name, detail=exc.strerror or str(exc))
        return Refusal(media.path, why, media.size)
    finally:
        os.close(fd)
    if out is None:
        return media
    sent = os.stat(out)
    origin = Origin(media.path, media.size, media.mime, media.stamp, removed=removed)
    return replace(media, path=out, size=sent.st_size, stamp=Stamp.of(sent), origin=origin)


def _same(media: Media, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise _Changed
    if media.stamp is not None and Stamp.of(st) != media.stamp:
        raise _Changed
    if st.st_size != media.size:
        raise _Changed


def _read_all(fd: int, size: int) -> bytes:
    chunks = []
    at = 0
    while at < size:
        chunk = os.pread(fd, min(size - at, 4 * 1024 * 1024), at)
        if not chunk:
            raise _Changed
        chunks.append(chunk)
        at += len(chunk)
    return b"".join(chunks)


def _write_new(scratch: Scratch, mime: str, data: bytes) -> Path:
    out = scratch.new_file(_SUFFIX.get(mime, ""))
    try:
        with open(out, "wb") as handle:
            handle.write(data)
    except BaseException:
        Scratch.discard(out)
        raise
    return out


def _clean_image(
    fd: int, size: int, media: Media, scratch: Scratch
) -> tuple[Path | None, tuple[str, ...]]:
    data = _read_all(fd, size)
    cleaned, removed = _IMAGES[media.mime](data)
    if not removed:
        return None, ()
    return _write_new(scratch, media.mime, cleaned), removed


def _copy_fd(src: int, dst: int, size: int) -> None:
    """Copy with the kernel's help where it has it (copy_file_range, sendfile)."""
    at = 0
    copy_range = getattr(os, "copy_file_range", None)
    while at < size:
        try:
            if copy_range is not None:
                n = copy_range(src, dst, size - at, at, at)
            else:
                n = os.pwrite(dst, os.pread(src, min(size - at, 1024 * 1024), at), at)
        except OSError as exc:
            if copy_range is None or exc.errno not in (18, 22, 38, 95):  # EXDEV EINVAL ENOSYS
                raise
            copy_range = None
            continue
        if n == 0:
            raise _Changed  # the file got shorter under us
        at += n


def _clean_atoms(
    fd: int, size: int, media: Media, scratch: Scratch
) -> tuple[Path | None, tuple[str, ...]]:
    patches, removed = find_patches(fd, size)
    if not patches:
        return None, ()
    out = scratch.new_file(_SUFFIX.get(media.mime, ""))
    try:
        dst = os.open(out, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            _copy_fd(fd, dst, size)
            apply_patches(dst, patches)
        finally:
            os.close(dst)
    except BaseException:
        Scratch.discard(out)
        raise
    return out, removed


# --- FLAC: Vorbis comments -----------------------------------------------------------------------

_VORBIS_COMMENT = 4
# Field names (upper case) that say where or by whom; LOCATION is the Vorbis spec's own.
_FLAC_REVEALING = {
    "LOCATION": GPS,
    "GPS": GPS,
    "LATITUDE": GPS,
    "LONGITUDE": GPS,
    "COORDINATES": GPS,
    "ARTIST": OWNER,
    "PERFORMER": OWNER,
    "ENCODED-BY": OWNER,
}


def _clean_flac(
    fd: int, size: int, media: Media, scratch: Scratch
) -> tuple[Path | None, tuple[str, ...]]:
    head = os.pread(fd, 4, 0)
    if head != b"fLaC":
        raise ValueError("not a FLAC stream")
    blocks: list[bytes] = []
    removed: list[str] = []
    pos = 4
    while True:
        header = os.pread(fd, 4, pos)
        if len(header) < 4:
            raise ValueError("FLAC metadata runs past the end")
        last, kind = header[0] & 0x80, header[0] & 0x7F
        length = int.from_bytes(header[1:4], "big")
        body = os.pread(fd, length, pos + 4)
        if len(body) < length:
            raise ValueError("FLAC metadata runs past the end")
        if kind == _VORBIS_COMMENT:
            body = _clean_vorbis(body, removed)
        blocks.append(bytes([kind]) + len(body).to_bytes(3, "big") + body)
        pos += 4 + length
        if last:
            break
    if not removed:
        return None, ()
    blocks[-1] = bytes([blocks[-1][0] | 0x80]) + blocks[-1][1:]
    out = _write_new(scratch, media.mime, b"fLaC" + b"".join(blocks))
    try:
        dst = os.open(out, os.O_WRONLY | os.O_APPEND)
        try:
            # The audio frames follow the metadata as they were.
            at = pos
            while at < size:
                chunk = os.pread(fd, min(size - at, 4 * 1024 * 1024), at)
                if not chunk:
                    raise _Changed
                os.write(dst, chunk)
                at += len(chunk)
        finally:
            os.close(dst)
    except BaseException:
        Scratch.discard(out)
        raise
    return out, tuple(dict.fromkeys(removed))


def _clean_vorbis(body: bytes, removed: list[str]) -> bytes:
    (vendor_len,) = struct.unpack_from("<I", body, 0)
    at = 4 + vendor_len
    (count,) = struct.unpack_from("<I", body, at)
    at += 4
    kept: list[bytes] = []
    for _ in range(count):
        (n,) = struct.unpack_from("<I", body, at)
        field = body[at + 4 : at + 4 + n]
        if len(field) < n:
            raise ValueError("Vorbis comment runs past its block")
        at += 4 + n
        key = field.split(b"=", 1)[0].decode("ascii", "replace").upper()
        if key in _FLAC_REVEALING:
            removed.append(_FLAC_REVEALING[key])
            continue
        kept.append(field)
    if len(kept) == count:
        return body
    out = body[: 4 + vendor_len] + struct.pack("<I", len(kept))
    return out + b"".join(struct.pack("<I", len(f)) + f for f in kept) + body[at:]
