"""Every media type the app accepts, in one table: what `app.core.sniff.sniff` can answer.

The desktop entry's ``MimeType=`` is generated from it (packaging/desktop_mime.py), so that the
file manager offers "Open with" for exactly the files the app takes; tests/core/test_mediatypes.py
checks that `sniff` answers nothing outside it.
"""

from __future__ import annotations

from app.core.sniff import OTHER_NAMES

__all__ = ["ACCEPTED", "OTHER_NAMES", "accepted_names"]

#: The types `sniff` answers, by kind.
ACCEPTED: frozenset[str] = frozenset(
    {
        # Images
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/tiff",
        "image/heic",
        "image/heif",
        "image/avif",
        "image/jxl",
        "image/jp2",
        "image/jpx",
        "image/svg+xml",
        "image/x-icon",
        # Video
        "video/mp4",
        "video/webm",
        "video/quicktime",
        "video/x-matroska",
        "video/x-msvideo",
        "video/mp2t",
        "video/ogg",
        "video/x-ms-wmv",
        "video/3gpp",
        "video/3gpp2",
        "video/mpeg",
        "video/x-flv",
        # Audio
        "audio/mpeg",
        "audio/wav",
        "audio/flac",
        "audio/ogg",
        "audio/mp4",
        "audio/aac",
        "audio/webm",
        "audio/aiff",
        "audio/x-matroska",
        "audio/x-ms-wma",
        "audio/x-caf",
        "audio/ac3",
        "audio/basic",
        "audio/midi",
        "audio/amr",
    }
)


def accepted_names() -> frozenset[str]:
    """The accepted types and the other names the same content goes by (audio/x-wav...)."""
    return ACCEPTED | frozenset(OTHER_NAMES)
