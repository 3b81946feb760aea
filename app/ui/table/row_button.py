"""The one button at the end of each row, chosen by the row's state: × while it uploads, Retry
when it failed or was interrupted, Copy when its URL works, Re-upload once it has expired.

One table, read top to bottom, the first rule that holds wins. A new state is one line here, one
label in ``label()``, one icon in ``ICONS`` and one handler in the window's row actions
(window_body). A link with less than a day left offers Renew; Enter on it still copies.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.ui.table.rows import Row, RowState, can_renew


def _file_here(row: Row) -> bool:
    return bool(row.path) and os.path.exists(row.path or "")


RULES: tuple[tuple[str, Callable[[Row, datetime], bool]], ...] = (
    ("fit", lambda row, now: row.state is RowState.OVER_LIMIT),
    ("cancel", lambda row, now: row.state.active),
    ("retry", lambda row, now: row.state.can_retry),
    ("renew", lambda row, now: can_renew(row, now) and _file_here(row)),
    ("copy", lambda row, now: row.is_live(now)),
    ("reupload", lambda row, now: row.is_expired(now) and _file_here(row)),
)

ICONS = {
    "cancel": "cancel",
    "retry": "retry",
    "copy": "copy",
    "reupload": "upload",
    "renew": "retry",
    "fit": "upload",
}

#: What Enter on a row does: its button, except × (a key pressed by mistake must not cancel).
ON_ENTER = frozenset({"retry", "copy", "reupload", "fit"})


def action(row: object, now: datetime) -> str | None:
    """The row's button, or None (a refused file, an expired URL whose file is gone)."""
    if not isinstance(row, Row):
        return None
    for name, holds in RULES:
        if holds(row, now):
            return name
    return None


def label(name: str) -> str:
    words = {
        "cancel": QCoreApplication.translate("RowButton", "Cancel"),
        "retry": QCoreApplication.translate("RowButton", "Retry"),
        "copy": QCoreApplication.translate("RowButton", "Copy"),
        "reupload": QCoreApplication.translate("RowButton", "Re-upload"),
        "renew": QCoreApplication.translate("RowButton", "Renew"),
        "fit": QCoreApplication.translate("RowButton", "Make it fit"),
        "copied": QCoreApplication.translate("RowButton", "Copied"),
    }
    return words.get(name, name)


def spoken(name: str) -> str:
    """The button as a screen reader hears it, with the key that presses it."""
    key = (
        QCoreApplication.translate("RowButton", "Enter")
        if name in ON_ENTER or name == "renew"
        else QCoreApplication.translate("RowButton", "Ctrl+Period")
    )
    return (
        QCoreApplication.translate("RowButton", "%1 button (%2)")
        .replace("%1", label(name))
        .replace("%2", key)
    )
