"""Fault injection for the client's retry tests; each armed fault serves `times` requests."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass


@dataclass
class ApiFault:
    status: int
    body: bytes | str | None = None  # raw body (sent as text/html) instead of the JSON envelope
    retry_after: str | None = None


@dataclass
class PutFault:
    kind: str  # "status", "reset" or "stall"
    status: int = 0
    nbytes: int = 0
    seconds: float = 0.0


class Faults:
    """Queues of armed faults; a request takes the first one, which is used up once per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._api: deque[ApiFault] = deque()
        self._put: deque[PutFault] = deque()
        #: Bytes per second at which PUT bodies are read (None: as fast as they come), so a slow
        #: network can be shown and tested on loopback.
        self.put_rate: float | None = None

    def api_status(
        self,
        status: int,
        times: int = 1,
        body: bytes | str | None = None,
        retry_after: int | float | str | None = None,
    ) -> None:
        after = None if retry_after is None else str(retry_after)
        with self._lock:
            self._api.extend(ApiFault(status, body, after) for _ in range(times))

    def put_status(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._put.extend(PutFault("status", status=status) for _ in range(times))

    def put_reset_after(self, nbytes: int, times: int = 1) -> None:
        with self._lock:
            self._put.extend(PutFault("reset", nbytes=nbytes) for _ in range(times))

    def stall(self, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._put.extend(PutFault("stall", seconds=seconds) for _ in range(times))

    def throttle(self, bytes_per_second: float | None) -> None:
        self.put_rate = bytes_per_second

    def clear(self) -> None:
        self.put_rate = None
        with self._lock:
            self._api.clear()
            self._put.clear()

    def pending(self) -> int:
        with self._lock:
            return len(self._api) + len(self._put)

    def take_api(self) -> ApiFault | None:
        with self._lock:
            return self._api.popleft() if self._api else None

    def take_put(self) -> PutFault | None:
        with self._lock:
            return self._put.popleft() if self._put else None
