"""Sentences the window builds from numbers: countdowns, speeds, times left.

Each goes through ``QCoreApplication.translate`` so the Chinese build reads naturally.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from app.core.media import human_size


def countdown(left: timedelta) -> str:
    """What is left of a URL's life, to the unit that matters: "6 d 23 h", "5 h 12 m"."""
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return QCoreApplication.translate("Text", "expired")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return (
            QCoreApplication.translate("Text", "%1 d %2 h")
            .replace("%1", str(days))
            .replace("%2", str(hours))
        )
    if hours:
        return (
            QCoreApplication.translate("Text", "%1 h %2 m")
            .replace("%1", str(hours))
            .replace("%2", str(minutes))
        )
    if minutes:
        return QCoreApplication.translate("Text", "%1 m").replace("%1", str(minutes))
    return QCoreApplication.translate("Text", "< 1 m")


def duration(seconds: float) -> str:
    """A short time left for an upload: "12 s", "3 m 5 s", "1 h 4 m"."""
    s = max(0, round(seconds))
    if s < 60:
        return QCoreApplication.translate("Text", "%1 s").replace("%1", str(s))
    if s < 3600:
        return (
            QCoreApplication.translate("Text", "%1 m %2 s")
            .replace("%1", str(s // 60))
            .replace("%2", str(s % 60))
        )
    return (
        QCoreApplication.translate("Text", "%1 h %2 m")
        .replace("%1", str(s // 3600))
        .replace("%2", str(s % 3600 // 60))
    )


def speed(bytes_per_second: float) -> str:
    return QCoreApplication.translate("Text", "%1/s").replace(
        "%1", human_size(int(bytes_per_second))
    )


def size(n: int) -> str:
    return human_size(n)


def kind_name(kind: str) -> str:
    names = {
        "image": QCoreApplication.translate("Text", "Image"),
        "video": QCoreApplication.translate("Text", "Video"),
        "audio": QCoreApplication.translate("Text", "Audio"),
    }
    return names.get(kind, QCoreApplication.translate("Text", "File"))
