"""The connection itself, before any route: a deadline for the headers and a cap on connections.

In demo mode the service runs inside the window's process. uvicorn gives a connection that never
finishes its headers all the time it wants: 1,100 of them held this process's file descriptors
until a request with the right key failed on "Too many open files". Here a connection has
HEADER_DEADLINE seconds to send each request's headers (a slow body of a real upload is not cut:
the deadline stops once the headers are in), and past MAX_CONNECTIONS open at once the oldest
connection still waiting for its headers is closed to make room (or, when every one is busy with
a request, the new one), so the descriptors stay bounded and a request that sends its headers at
once still gets through a flood of ones that never do.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("apimodels.localserver")

HEADER_DEADLINE = 10.0
# Far above the app's own needs (a few uploads at a time, a browser on a public URL), far
# below the usual 1,024 descriptors a process may hold.
MAX_CONNECTIONS = 256


class GuardedH11Protocol(H11Protocol):
    header_deadline = HEADER_DEADLINE
    max_connections = MAX_CONNECTIONS

    _last_said = -1e9  # the warning, at most once a minute: a flood would fill the log

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None
        self._armed_at = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Those being closed stay in the set until the loop's next turn: they are not counted.
        live = [c for c in self.connections if c.transport and not c.transport.is_closing()]
        if len(live) > self.max_connections:
            self._say_full()
            waiting = [
                c
                for c in live
                if c is not self and isinstance(c, GuardedH11Protocol) and c._waiting()
            ]
            if not waiting:  # all busy with real requests: this one waits for another time
                transport.abort()
                return
            oldest = min(waiting, key=lambda c: c._armed_at)
            oldest._disarm()
            oldest.transport.abort()
        self._arm()

    def _say_full(self) -> None:
        now = self.loop.time()
        if now - GuardedH11Protocol._last_said > 60:
            GuardedH11Protocol._last_said = now
            log.warning(
                "over %d connections open at once: the oldest idle ones are being closed",
                self.max_connections,
            )

    def _waiting(self) -> bool:
        """No request under way: waiting for headers (or idle between two requests)."""
        return self.conn.their_state is h11.IDLE and self.conn.our_state is h11.IDLE

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has its own deadline

    def _arm(self) -> None:
        self._disarm()
        self._armed_at = self.loop.time()
        self._header_timer = self.loop.call_later(self.header_deadline, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        # IDLE on both sides: no request has begun since the deadline was set, whatever bytes of
        # one may have come. A request under way (its body, its answer) is never cut here.
        if self._waiting() and not self.transport.is_closing():
            self.timeout_keep_alive_handler()
