"""Reasons are data: one table of codes, English for the CLI, parameters each surface formats."""

from __future__ import annotations

import re

import pytest

from app.core.reasons import ENGLISH, Reason, english, human_size

SAMPLES = {
    "name": "photo.png",
    "placeholder": "link",
    "known": "url, name",
    "path": "'x'",
    "detail": "disk on fire",
    "special": "pipe",
    "looks": "plain text",
    "kind": "image",
    "size": 10 * 1024 * 1024,
    "cap": 10 * 1024 * 1024,
    "limit": 100_000,
    "count": 2,
    "msg": "no",
    "status": 503,
    "text": "Words.",
    "seconds": 30.0,
    "host": "files.example.com",
    "tries": 5,
    "error": "Read-only file system",
    "minutes": 60,
    "until": "14:05",
    "what": "upload URL",
    "scheme": "file",
    "url": "https://example.com/a.png",
    "target": "ftp://example.com/a.png",
    "dims": "1280×720",
    "codec": "H.264",
}


@pytest.mark.parametrize("code", sorted(ENGLISH))
def test_every_code_renders_in_english(code: str) -> None:
    params = {}
    for name in re.findall(r"\{(\w+)", ENGLISH[code]):
        if name.endswith("_bytes"):
            params[name] = 11 * 1024 * 1024
        elif name == "inner":
            params[name] = Reason.of("net_timeout")
        elif name in SAMPLES:
            params[name] = SAMPLES[name]
    params.pop("s", None)
    for derived in ("folders", "are", "media"):
        params.pop(derived, None)
    sentence = english(Reason.of(code, **params))
    assert "{" not in sentence and sentence.strip()


def test_unknown_codes_are_refused_where_they_are_made() -> None:
    with pytest.raises(KeyError):
        Reason.of("no-such-code")


def test_english_formats_sizes_kinds_and_nested_reasons() -> None:
    why = Reason.of("named", name="clip.mp4", inner=Reason.of("file_gone", name="clip.mp4"))
    assert str(why).startswith("clip.mp4: clip.mp4 was moved or deleted after it was added.")
    big = Reason.of(
        "too_large", name="a.png", size_bytes=11 << 20, kind="image", cap_bytes=10 << 20
    )
    assert str(big) == "a.png is 11 MB; images can be at most 10 MB."
    assert human_size(1) == "1 byte" and human_size(1536) == "1.5 KB"
    assert Reason.text("As it is.").args == {"text": "As it is."}
