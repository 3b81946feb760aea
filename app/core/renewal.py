"""Renewal: a link about to expire gets a new one by uploading the same content again.

Same content means the same size and SHA-256 as the history row recorded. A row the command line
uploaded has no SHA-256 (scripts skip hashing); for those, the file must also be unmodified since
the upload (neither its modification nor its change time later), which no editor can fake.
The renewed upload is an ordinary upload; :meth:`History.fold_renewal` then moves its URL into
the old row, which keeps the URL it had among its earlier URLs until that one expires.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .history import Record
from .media import Caps, Media, Refusal, file_sha256, inspect
from .reasons import Reason


@dataclass(frozen=True)
class Unrenewable:
    """Why this row cannot be renewed from this file; ``pick_again`` when choosing the file
    anew (moved, renamed, restored) could still renew it."""

    record: Record
    why: Reason
    pick_again: bool = True


def check_for_renewal(
    record: Record, path: str | os.PathLike[str] | None = None, caps: Caps | None = None
) -> Media | Unrenewable:
    """The file to upload for ``record``'s renewal, or why not. Reads the whole file to hash it:
    call it off the GUI thread. ``path`` is a file the person picked instead of the recorded one."""
    source = path if path is not None else record.source_path
    if not source:
        return Unrenewable(record, Reason.of("renew_no_source", name=record.name))
    checked = inspect(source, caps or Caps())
    if isinstance(checked, Refusal):
        if not Path(source).exists() and not os.path.islink(source):
            return Unrenewable(record, Reason.of("renew_gone", name=record.name, path=str(source)))
        why = checked.why if isinstance(checked.why, Reason) else Reason.text(checked.why)
        return Unrenewable(record, why)
    if checked.size != record.size:
        return Unrenewable(record, _changed(record, str(source)))
    if record.sha256:
        digest = file_sha256(checked.path)
        if digest is None:
            why = Reason.of("unreadable", name=record.name, detail="read error")
            return Unrenewable(record, why)
        if digest != record.sha256:
            return Unrenewable(record, _changed(record, str(source)))
    elif not _unchanged_since(checked, record):
        return Unrenewable(record, _changed(record, str(source)))
    return checked


def _changed(record: Record, path: str) -> Reason:
    return Reason.of("renew_changed", name=record.name, path=path)


def _unchanged_since(media: Media, record: Record) -> bool:
    try:
        st = os.stat(media.path)
    except OSError:
        return False
    last = max(st.st_mtime_ns, st.st_ctime_ns)
    return last <= record.uploaded_at.timestamp() * 1_000_000_000
