"""Lengths and picture sizes from container headers, for the {duration} {width} {height} fields."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from app.core.probe import media_facts, seconds_text

MEDIA = Path(__file__).resolve().parent / "data" / "media"


@pytest.mark.parametrize(
    ("name", "mime", "size"),
    [("audio.wav", "audio/wav", None), ("video.mp4", "video/mp4", (16, 16)),
     ("video.mov", "video/quicktime", (16, 16)), ("audio.m4a", "audio/mp4", None),
     ("audio-only.mp4", "audio/mp4", None)],
)  # fmt: skip
def test_real_files_tell_their_length_and_size(
    name: str, mime: str, size: tuple[int, int] | None
) -> None:
    seconds, picture = media_facts(MEDIA / name, mime)
    assert seconds is not None and abs(seconds - 0.2) < 0.05  # made as 0.2 s clips
    assert picture == size


def test_other_containers_and_broken_files_are_not_known(tmp_path: Path) -> None:
    assert media_facts(MEDIA / "video.webm", "video/webm") == (None, None)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes((MEDIA / "video.mp4").read_bytes()[:40])
    assert media_facts(cut, "video/mp4") == (None, None)
    looping = tmp_path / "loop.mp4"  # a box that claims to be longer than the file
    looping.write_bytes(struct.pack(">I4s", 4096, b"moov") + b"\0" * 20)
    assert media_facts(looping, "video/mp4") == (None, None)
    assert media_facts(tmp_path / "gone.wav", "audio/wav") == (None, None)
    assert media_facts(MEDIA / "impostor-random.wav", "audio/wav") == (None, None)


def test_seconds_read_as_a_number() -> None:
    assert [seconds_text(s) for s in (12.0, 12.46, 0.2, None)] == ["12", "12.5", "0.2", ""]
