"""Upload speed and time left from a rolling window, so that one slow chunk does not make the
estimate jump about."""

from __future__ import annotations

from collections import deque
from typing import ClassVar


class RateMeter:
    # One per row of the window's list, 100,000 of them in a long history: slots, and no deque
    # until the first sample (an empty deque alone weighs 600 bytes).
    __slots__ = ("_samples", "window")

    _EMPTY: ClassVar[deque[tuple[float, int]]] = deque(maxlen=0)

    def __init__(self, window: float = 5.0) -> None:
        self.window = window
        self._samples = RateMeter._EMPTY

    def add(self, when: float, sent: int) -> None:
        if self._samples is RateMeter._EMPTY:
            self._samples = deque()
        if self._samples and sent < self._samples[-1][1]:
            self._samples.clear()  # the upload started over (a retry)
        self._samples.append((when, sent))
        while len(self._samples) > 2 and when - self._samples[1][0] >= self.window:
            self._samples.popleft()

    def reset(self) -> None:
        self._samples.clear()

    def speed(self) -> float | None:
        """Bytes per second, or None until there is enough to say."""
        if len(self._samples) < 2:
            return None
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        if t1 - t0 < 0.2:
            return None
        return (b1 - b0) / (t1 - t0)

    def time_left(self, total: int) -> float | None:
        speed = self.speed()
        if not speed or speed <= 0 or not self._samples:
            return None
        return max(0.0, (total - self._samples[-1][1]) / speed)
