"""A settable clock: every expiry decision of the server reads it."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    """Real UTC time plus an offset, so that set/advance keep the clock ticking afterwards."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def set(self, dt: datetime) -> None:
        if dt.tzinfo is None:
            raise ValueError("Clock.set needs an aware datetime")
        with self._lock:
            self._offset = dt - datetime.now(UTC)

    def reset(self) -> None:
        with self._lock:
            self._offset = timedelta(0)
