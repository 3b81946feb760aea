"""Between the check and the queue: clean what may go, fit what is over its cap.

One function for the CLI and the window alike, so both send the same bytes for the same file and
settings. Blocking (fitting can take minutes): run it in a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.media.check import Caps, Media, Refusal, human_size
from app.core.media.clean import clean
from app.core.media.fitter import Fit, FitProgress
from app.core.media.scratch import Scratch
from app.core.reasons import Reason

__all__ = ["is_over_cap", "prepare", "too_large"]


def is_over_cap(media: Media, caps: Caps) -> bool:
    return media.size > caps.for_kind(media.kind)


def too_large(media: Media, caps: Caps) -> Refusal:
    """What the check says of a file over its cap when it is not to be fitted."""
    cap = caps.for_kind(media.kind)
    if human_size(media.size) == human_size(cap):
        why = Reason.of(
            "too_large_exact", name=media.name, size=media.size, kind=media.kind,
            cap_bytes=cap, cap=cap,
        )  # fmt: skip
    else:
        why = Reason.of(
            "too_large", name=media.name, size_bytes=media.size, kind=media.kind, cap_bytes=cap
        )
    return Refusal(media.path, why, media.size)


def prepare(
    media: Media,
    scratch: Scratch,
    *,
    caps: Caps,
    clean_metadata: bool = True,
    fit: bool = False,
    on_progress: Callable[[FitProgress], None] | None = None,
    on_fit: Callable[[Fit], None] | None = None,
) -> Media | Refusal:
    """The media to send for ``media``: itself, a cleaned copy, or a fitted copy; or why not.

    ``on_fit`` receives the :class:`Fit` before it starts, so that the caller can cancel it.
    """
    if is_over_cap(media, caps):
        if not fit:
            return too_large(media, caps)
        job = Fit(media, scratch, caps, on_progress)
        if on_fit is not None:
            on_fit(job)
        # A fitted file is encoded anew: none of the original's metadata is written into it.
        return job.run()
    if clean_metadata:
        return clean(media, scratch)
    return media
