"""When the service is plainly down, the batch stops: one sentence, not minutes per file.

Every file used to pay the whole retry schedule on its own: against a server that accepts and never
answers, ten files at three at a time took 481 s; against ``429`` with ``Retry-After: 3600``, 443 s.
The engine now counts failures across the batch. The same connect or timeout failure on
:data:`THRESHOLD` consecutive requests, or a server that asks to wait longer than the app ever
waits between tries, opens the breaker: nothing more is started, and the files wait (the window
tries again by itself, see :class:`app.core.uploads.UploadEngine`) or fail with that one sentence
(the command line, which has nobody to wait for).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .errors import NetworkError, ServerError, UploadError
from .reasons import Reason

if TYPE_CHECKING:
    from .api import FilesClient

__all__ = ["PROBE_FIRST", "PROBE_LAST", "THRESHOLD", "Breaker", "Outage", "until_back"]

#: Consecutive requests with the same failure that make an outage: two could be one bad moment
#: of a link; three in a row, across files, is a service (or a network) that is not there.
THRESHOLD = 3
#: The window asks again after this long, then twice as long each time, up to PROBE_LAST.
PROBE_FIRST = 30.0
PROBE_LAST = 300.0
#: Server statuses that say "down" as plainly as a refused connection.
_DOWN_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class Outage:
    """Why the batch stopped, and how long until it is worth asking again."""

    why: Reason
    wait: float


def _until(now: datetime, seconds: float) -> str:
    return (now + timedelta(seconds=seconds)).astimezone().strftime("%H:%M")


class Breaker:
    """Counts what consecutive requests met; says when that is an outage."""

    def __init__(self, *, longest_wait: float, threshold: int = THRESHOLD) -> None:
        self.longest_wait = longest_wait
        self.threshold = threshold
        self._last: str | None = None
        self._count = 0

    def answered(self) -> None:
        """The service answered (whatever it said): it is there."""
        self._last, self._count = None, 0

    def failed(self, exc: UploadError, now: datetime) -> Outage | None:
        """Note one failed request; an Outage when the batch should stop."""
        wait = exc.retry_after if isinstance(exc, ServerError) else None
        if wait is not None and wait > self.longest_wait:
            why = Reason.of(
                "service_asks_wait", minutes=max(1, round(wait / 60)), until=_until(now, wait)
            )
            return Outage(why, wait)
        key = _kind(exc)
        if key is None:
            self.answered()  # an answer, if not the one hoped for
            return None
        self._count = self._count + 1 if key == self._last else 1
        self._last = key
        if self._count < self.threshold:
            return None
        return Outage(
            Reason.of(
                "service_down",
                inner=exc.reason,
                count=self._count,
                until=_until(now, PROBE_FIRST),
            ),
            PROBE_FIRST,
        )


def _kind(exc: UploadError) -> str | None:
    """What makes two failures "the same": the reason's code, for the failures that say the
    service is not there (no connection, no answer in time, a gateway's 502/503/504)."""
    if isinstance(exc, NetworkError) and exc.retryable:
        return exc.reason.code
    if isinstance(exc, ServerError) and exc.status in _DOWN_STATUSES:
        return f"http{exc.status}"
    return None


async def until_back(
    client: FilesClient, wait: float, longest_wait: float, clock: Callable[[], datetime]
) -> None:
    """Ask the service from time to time (a key check: nothing is uploaded) until it answers,
    whatever it says of the key: waiting ``wait`` first, then twice as long each time up to
    PROBE_LAST, or as long as it asks."""
    while True:
        await asyncio.sleep(wait)
        try:
            await client.check_key()
        except UploadError as exc:
            if Breaker(longest_wait=longest_wait, threshold=1).failed(exc, clock()) is not None:
                hint = exc.retry_after if isinstance(exc, ServerError) else None
                wait = hint if hint is not None and hint > wait else min(wait * 2, PROBE_LAST)
                continue
        return
