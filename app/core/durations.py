"""Spans of time as people type them: ``30m``, ``12h``, ``2d``, ``1w``, or ``1d12h``."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")
#: Longer than any link lives; a bigger number is a typing mistake, not a wish.
LONGEST = timedelta(days=365)


def parse_duration(text: str) -> timedelta:
    """The span ``text`` names; ValueError with a sentence that shows the expected form."""
    words = text.strip().lower().replace(" ", "")
    parts = _PART.findall(words)
    if not words or "".join(n + u for n, u in parts) != words:
        raise ValueError(
            f"{text!r} is not a duration. Write a number and a unit: 30m, 12h, 2d or 1w "
            "(s, m, h, d, w; combined like 1d12h)."
        )
    seconds = sum(float(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is no time at all; give a duration above zero, such as 1d.")
    if seconds > LONGEST.total_seconds():
        raise ValueError(f"{text!r} is longer than a year; links live 7 days.")
    return timedelta(seconds=seconds)
