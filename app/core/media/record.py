"""What history keeps of an upload whose bytes were cleaned or fitted first."""

from __future__ import annotations

from typing import Any

from app.core.media.check import Media

__all__ = ["history_fields"]


def history_fields(media: Media, sent_sha256: str | None) -> dict[str, Any]:
    """The history row's size, type, path and hash: the original's when a copy went.

    The duplicate check and Re-upload work on the file the person chose, so size and source_path
    are the original's; the hash of the sent copy is not the original's, so none is kept for it
    (the check then recognises the original by its path, size and times).
    """
    origin = media.origin
    if origin is None:
        return {
            "size": media.size,
            "mime": media.mime,
            "source_path": str(media.path),
            "sha256": sent_sha256,
        }
    return {
        "size": origin.size,
        "mime": media.mime,
        "source_path": str(origin.path),
        "sha256": None,
        "sent_size": media.size,
        "fitted": origin.fitted,
        "removed": origin.removed,
    }
