"""Names for what a screen reader meets without one, and toolbar words without menu marks.

The filter box was read by its value ("All"), the status bar's count and progress bar by
nothing at all. And a translated menu entry carries its access key in brackets ("添加文件(&A)"):
right for a menu, but the toolbar showed "添加文件(A)".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow

_BRACKETED_KEY = re.compile(r"\s*[(（]&\w[)）]")


def plain(text: str) -> str:
    """A menu text as a button says it: no "(&A)", no "&", no trailing ellipsis."""
    text = _BRACKETED_KEY.sub("", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...").strip()


def name_controls(w: MainWindow) -> None:
    w.filter_label.setText(QCoreApplication.translate("Spoken", "Sho&w:"))
    w.filter.setAccessibleName(QCoreApplication.translate("Spoken", "Show which rows"))
    w.filter.setAccessibleDescription(
        QCoreApplication.translate("Spoken", "All, active or expired uploads")
    )
    w.count_label.setAccessibleName(QCoreApplication.translate("Spoken", "Rows shown"))
    # Room for a long count from the start: the filter box no longer moves as the count grows.
    widest = max(
        QCoreApplication.translate("MainWindow", "%1 of %2 shown")
        .replace("%1", "88,888")
        .replace("%2", "88,888"),
        QCoreApplication.translate("MainWindow", "%n file(s)", "", 88888).replace("%n", "88,888"),
        key=w.count_label.fontMetrics().horizontalAdvance,
    )
    w.count_label.setMinimumWidth(w.count_label.fontMetrics().horizontalAdvance(widest) + 4)
    w.overall.setAccessibleName(
        QCoreApplication.translate("Spoken", "Progress of the uploads running")
    )
    w.overall_label.setAccessibleName(QCoreApplication.translate("Spoken", "Uploads finished"))
    w.status_text.setAccessibleName(QCoreApplication.translate("Spoken", "Status"))
    w.statusBar().setAccessibleName(QCoreApplication.translate("Spoken", "Status bar"))
    for action in w.acts.toolbar.actions():
        if not action.isSeparator():
            action.setIconText(plain(action.text()))
