"""Sentences the window builds from numbers: countdowns, speeds, times left.

Each goes through ``QCoreApplication.translate`` so the Chinese build reads naturally.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QLocale, QObject

from app.core.escape import escape_controls
from app.core.reasons import scaled_size


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


class _Units(QObject):
    # tr() with a count: each language gets its plural forms.
    def bytes(self, n: int) -> str:
        return self.tr("%n byte(s)", "", n)

    def days(self, n: int) -> str:
        return self.tr("%n day(s)", "", n)

    def hours(self, n: int) -> str:
        return self.tr("%n hour(s)", "", n)

    def minutes(self, n: int) -> str:
        return self.tr("%n minute(s)", "", n)


def countdown_words(left: timedelta) -> str:
    """The countdown in words, for screen readers: "6 days 23 hours"."""
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return QCoreApplication.translate("Text", "expired")
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    if days:
        return f"{_units.days(days)} {_units.hours(hours)}"
    if hours:
        return f"{_units.hours(hours)} {_units.minutes(minutes)}"
    return _units.minutes(max(1, minutes))


def local_time(moment: datetime) -> str:
    """A moment in this computer's time zone, named: "2026-12-06 10:42 CET (UTC+01:00)"."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    name = local.tzname() or ""
    shown = local.strftime("%Y-%m-%d %H:%M")
    if not name or name.startswith(("UTC", "+", "-")) or name == zone:
        return f"{shown} ({zone})"
    return f"{shown} {name} ({zone})"


_units = _Units()


def speed(bytes_per_second: float) -> str:
    return QCoreApplication.translate("Text", "%1/s").replace("%1", size(int(bytes_per_second)))


def size(n: int) -> str:
    """A size the local way: "524 bytes" / "524 字节", "1.5 MB" with the locale's decimal mark."""
    if n < 1024:
        return _units.bytes(n)
    number, unit = scaled_size(n)
    value = float(number)
    decimals = 0 if value.is_integer() else 1
    return f"{QLocale().toString(value, 'f', decimals)} {unit}"


def kind_name(kind: str) -> str:
    names = {
        "image": QCoreApplication.translate("Text", "Image"),
        "video": QCoreApplication.translate("Text", "Video"),
        "audio": QCoreApplication.translate("Text", "Audio"),
    }
    return names.get(kind, QCoreApplication.translate("Text", "File"))


def plain_tooltip(*lines: str) -> str:
    """Lines shown as they are. Qt renders a tooltip that looks like HTML as rich text, so a
    server's msg or a file name could bring markup (and remote images): it is escaped and marked
    up as rich text here, which Qt then shows literally. Control characters are escaped too."""
    body = "<br>".join(html.escape(escape_controls(line)) for line in lines)
    return f"<p style='white-space:pre-wrap'>{body}</p>"
