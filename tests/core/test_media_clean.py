"""Cleaning on real files: the place and the person go, the pictures and sound stay bit for bit."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from app.core.media import Media, Refusal, inspect
from app.core.media.clean import clean
from app.core.media.exif import clean_exif
from app.core.media.scratch import Scratch
from tests.core.media_samples import (
    ICC,
    camera_jpeg,
    camera_png,
    camera_webp,
    decoded,
    packets,
    write_audio,
    write_video,
)


@pytest.fixture
def scratch(tmp_path: Path) -> Scratch:
    return Scratch(tmp_path / "cache")


def _media(path: Path) -> Media:
    item = inspect(path)
    assert isinstance(item, Media), item
    return item


def _cleaned(path: Path, scratch: Scratch) -> Media:
    original = path.read_bytes()
    sent = clean(_media(path), scratch)
    assert isinstance(sent, Media), sent
    assert path.read_bytes() == original  # the original is only read
    return sent


def _jpeg_segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """(marker, payload) before the scan, and the bytes from the first SOS on."""
    out, pos = [], 2
    while data[pos + 1] != 0xDA:
        (length,) = struct.unpack_from(">H", data, pos + 2)
        out.append((data[pos + 1], data[pos + 4 : pos + 2 + length]))
        pos += 2 + length
    return out, data[pos:]


def _tiff_tags(tiff: bytes, at: int | None = None) -> dict[int, bytes]:
    (first,) = struct.unpack_from("<I", tiff, 4)
    at = first if at is None else at
    (count,) = struct.unpack_from("<H", tiff, at)
    return {
        struct.unpack_from("<H", tiff, at + 2 + 12 * i)[0]: tiff[at + 2 + 12 * i : at + 14 + 12 * i]
        for i in range(count)
    }


def test_jpeg_loses_gps_serials_and_names_and_keeps_pixels_orientation_icc(
    tmp_path: Path, scratch: Scratch
) -> None:
    path = camera_jpeg(tmp_path / "photo.jpg", orientation=6)
    sent = _cleaned(path, scratch)
    assert sent.path != path and sent.origin is not None and sent.origin.path == path
    assert set(sent.origin.removed) >= {
        "GPS position",
        "serial numbers",
        "maker notes",
        "owner and artist names",
    }
    before, after = path.read_bytes(), sent.path.read_bytes()
    for secret in (
        b"SN-0042-SECRET",
        b"MAKERNOTE-SECRET",
        b"Jane Secret",
        b"GPSLatitude",
        b"Paris",
    ):
        assert secret in before and secret not in after
    segments, scan = _jpeg_segments(after)
    assert scan == _jpeg_segments(before)[1]  # the compressed picture, byte for byte
    assert decoded(path) == decoded(sent.path)
    exif = next(p for m, p in segments if m == 0xE1 and p.startswith(b"Exif\0\0"))[6:]
    tags = _tiff_tags(exif)
    assert 0x8825 not in tags and 0x013B not in tags
    assert struct.unpack_from("<H", tags[0x0112], 8)[0] == 6  # orientation kept
    assert b"Phone Maker" in after  # the make is not a person: it stays
    assert any(m == 0xE2 and p.endswith(ICC) for m, p in segments)  # colour profile kept
    assert sent.size == len(after) and os.stat(sent.path).st_mode & 0o077 == 0


@pytest.mark.parametrize("maker", [camera_png, camera_webp])
def test_png_and_webp_lose_gps_and_keep_pixels(
    tmp_path: Path, scratch: Scratch, maker: object
) -> None:
    path = maker(tmp_path / "picture")  # type: ignore[operator]
    path = path.rename(path.with_suffix(".png" if maker is camera_png else ".webp"))
    sent = _cleaned(path, scratch)
    assert sent.origin is not None and "GPS position" in sent.origin.removed
    after = sent.path.read_bytes()
    for secret in (b"SN-0042-SECRET", b"Jane Secret", b"GPSLatitude"):
        assert secret not in after
    assert decoded(path) == decoded(sent.path)
    assert isinstance(inspect(sent.path), Media)  # still sniffed as what it is


@pytest.mark.parametrize("suffix", [".mov", ".mp4"])
def test_video_loses_location_atoms_with_packets_identical(
    tmp_path: Path, scratch: Scratch, suffix: str
) -> None:
    path = write_video(
        tmp_path / f"clip{suffix}",
        metadata={"location": "+48.8577+002.2950/", "artist": "Jane Secret"},
    )
    sent = _cleaned(path, scratch)
    assert sent.origin is not None
    assert set(sent.origin.removed) >= {"GPS position", "owner and artist names"}
    after = sent.path.read_bytes()
    assert b"+48.8577" not in after and b"Jane Secret" not in after
    assert len(after) == path.stat().st_size  # blanked in place: nothing moved
    assert packets(path) == packets(sent.path)
    assert decoded(path, "audio") == decoded(sent.path, "audio")


def test_apple_location_keys_go(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(
        tmp_path / "iphone.mov",
        metadata={
            "com.apple.quicktime.location.ISO6709": "+48.8577+002.2950+035.000/",
            "com.apple.quicktime.make": "Apple",
        },
        options={"movflags": "use_metadata_tags"},
    )
    assert b"ISO6709" in path.read_bytes()
    sent = _cleaned(path, scratch)
    assert sent.origin is not None and "GPS position" in sent.origin.removed
    assert b"+48.8577" not in sent.path.read_bytes()
    assert packets(path) == packets(sent.path)


def test_a_file_with_nothing_to_hide_goes_as_it_is(tmp_path: Path, scratch: Scratch) -> None:
    path = write_video(tmp_path / "plain.mp4")
    item = _media(path)
    assert clean(item, scratch) is item
    assert not scratch.root.exists() or not any(scratch.root.rglob("*.*"))


def test_flac_loses_location_comment_with_samples_identical(
    tmp_path: Path, scratch: Scratch
) -> None:
    path = write_audio(tmp_path / "memo.flac", metadata={"LOCATION": "Paris", "TITLE": "Memo"})
    sent = _cleaned(path, scratch)
    assert sent.origin is not None and sent.origin.removed == ("GPS position",)
    after = sent.path.read_bytes()
    assert b"Paris" not in after and b"Memo" in after
    assert decoded(path, "audio") == decoded(sent.path, "audio")


def test_a_damaged_exif_goes_whole(tmp_path: Path, scratch: Scratch) -> None:
    path = camera_jpeg(tmp_path / "broken.jpg")
    data = bytearray(path.read_bytes())
    at = data.index(b"Exif\0\0") + 6
    data[at + 4 : at + 8] = struct.pack("<I", 0xFFFFFF)  # IFD0 points past the end
    path.write_bytes(bytes(data))
    sent = _cleaned(path, scratch)
    assert sent.origin is not None and "unreadable EXIF" in sent.origin.removed
    assert b"Exif\0\0" not in sent.path.read_bytes()
    assert decoded(path) == decoded(sent.path)


def test_a_file_changed_after_it_was_checked_is_not_sent(tmp_path: Path, scratch: Scratch) -> None:
    path = camera_jpeg(tmp_path / "photo.jpg")
    item = _media(path)
    path.write_bytes(path.read_bytes() + b"more")
    sent = clean(item, scratch)
    assert isinstance(sent, Refusal) and sent.why.code == "file_changed_since_added"  # type: ignore[union-attr]


def test_exif_without_anything_revealing_is_left_alone() -> None:
    tiff = b"II*\0" + struct.pack("<I", 8) + struct.pack("<HHHI", 1, 0x0112, 3, 1) + b"\x06\0\0\0"
    tiff += b"\0\0\0\0"
    assert clean_exif(tiff) == (tiff, ())


def test_stale_scratch_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    scratch = Scratch(tmp_path)
    mine = scratch.new_file(".mp4")
    dead = scratch.root / "999999999"
    dead.mkdir()
    (dead / "left.mp4").write_bytes(b"x")
    assert scratch.sweep_stale() == 1
    assert not dead.exists() and mine.exists()
    scratch.remove_all()
    assert not mine.exists()
