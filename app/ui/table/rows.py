"""One line of the upload list: a file on its way, or a past upload from the history."""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from app.core.rate import RateMeter
from app.core.reasons import Reason

if TYPE_CHECKING:  # the list is painted before the history's and the media checks' modules load
    from app.core.history import Pending, Record
    from app.core.media import Media


class RowState(Enum):
    DOWNLOADING = "downloading"  # from a web address, before it is checked and queued
    QUEUED = "queued"
    UPLOADING = "uploading"
    RETRYING = "retrying"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    REFUSED = "refused"
    FITTING = "fitting"  # being re-encoded to fit its cap (app/core/media/fitter.py)
    OVER_LIMIT = "over_limit"  # over its cap: the row offers to make it fit

    @property
    def active(self) -> bool:
        return self in (
            RowState.DOWNLOADING,
            RowState.QUEUED,
            RowState.UPLOADING,
            RowState.RETRYING,
            RowState.FITTING,
        )

    @property
    def can_retry(self) -> bool:
        return self in (RowState.FAILED, RowState.CANCELLED, RowState.INTERRUPTED)


_uids = itertools.count(1)
_KINDS = {kind: kind for kind in ("image", "video", "audio")}

#: Rows with less than this left are marked, so nobody pastes a URL that dies mid-job.
SOON = timedelta(hours=24)


@dataclass(eq=False, slots=True)  # 100,000 of them in a long history: no __dict__ each
class Row:
    name: str
    kind: str  # image, video, audio, or "" for a refused file
    state: RowState
    size: int | None = None
    mime: str = ""
    path: str | None = None
    uid: int = field(default_factory=lambda: next(_uids))
    sent: int = 0
    message: Reason | str = ""  # why it failed or was refused; the window words it
    url: str | None = None
    uploaded_at: datetime | None = None
    expires_at: datetime | None = None
    record_id: int | None = None
    job_id: int | None = None
    pending_id: int | None = None
    retry_at: float | None = None  # loop time of the next attempt
    attempt: int = 1  # which attempt runs or comes next (a retry is attempt 2, 3, …)
    meter: RateMeter = field(default_factory=RateMeter)
    #: What cleaning took out of the file (the "location removed" badge), and fitting's sizes.
    removed: tuple[str, ...] = ()
    original_size: int | None = None
    fitted: bool = False
    #: Fitting: share done (0..1), seconds of media per second, seconds left.
    fit: tuple[float, float, float | None] | None = None
    #: An over-limit row's file, kept until the person says whether to make it fit.
    waiting_media: Media | None = None
    #: "0:42 · 1920×1080", read from the file off the GUI thread (app/core/media/probe.py).
    info: str = ""

    @classmethod
    def from_media(cls, media: Media) -> Row:
        # The path is the file the person chose, also when a cleaned or fitted copy goes.
        row = cls(
            media.name, media.kind, RowState.QUEUED, media.size, media.mime,
            str(media.source_path),
        )  # fmt: skip
        if media.origin is not None:
            row.removed, row.fitted = media.origin.removed, media.origin.fitted
            row.original_size = media.origin.size
        return row

    @classmethod
    def from_record(cls, record: Record) -> Row:
        # One "image" and one "image/png" for all the rows, not a copy of each per row.
        mime = sys.intern(record.mime)
        # The size that went (a fitted file's); history's size is the original's.
        sent = record.sent_size if record.sent_size is not None else record.size
        return cls(
            record.name,
            _KINDS.get(mime.partition("/")[0], ""),
            RowState.DONE,
            sent,
            mime,
            record.source_path,
            url=record.public_url,
            uploaded_at=record.uploaded_at,
            expires_at=record.expires_at,
            record_id=record.id,
            sent=sent,
            removed=record.removed,
            fitted=record.fitted,
            original_size=record.size if record.sent_size is not None else None,
        )

    @classmethod
    def from_pending(cls, pending: Pending) -> Row:
        kind = pending.mime.partition("/")[0]
        return cls(
            pending.name,
            kind,
            RowState.INTERRUPTED,
            pending.size,
            pending.mime,
            pending.source_path,
            pending_id=pending.id,
        )

    def is_live(self, now: datetime) -> bool:
        return self.url is not None and self.expires_at is not None and now < self.expires_at

    def is_expired(self, now: datetime) -> bool:
        return self.url is not None and self.expires_at is not None and now >= self.expires_at

    def expires_soon(self, now: datetime) -> bool:
        return self.is_live(now) and self.expires_at is not None and self.expires_at - now < SOON

    @property
    def fraction(self) -> float:
        if self.state is RowState.FITTING:
            return self.fit[0] if self.fit else 0.0
        if not self.size:
            return 1.0 if self.state is RowState.DONE else 0.0
        return min(1.0, self.sent / self.size)


def can_renew(row: Row, now: datetime, within: timedelta = SOON) -> bool:
    """Rows whose link still works and stops within ``within`` (a day for the row's Renew)."""
    return (
        row.record_id is not None
        and row.is_live(now)
        and row.expires_at is not None
        and row.expires_at - now <= within
    )
