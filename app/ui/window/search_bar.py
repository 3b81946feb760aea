"""The search field and the filter beside it, for the keyboard and screen readers: Esc clears the
search (a second Esc goes back to the list), the clear button has a name, and a search or filter
that matches nothing says so in the list instead of showing an empty table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QLabel, QToolButton

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow


class SearchBar(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        # Kept here: the filter still hears these while the window's children are deleted.
        self.search = window.search
        self.viewport = viewport = window.view.viewport()
        window.search.installEventFilter(self)
        window.search.textChanged.connect(lambda _t: self.refresh())
        self.no_match = QLabel(viewport)
        self.no_match.setObjectName("noMatch")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.setWordWrap(True)
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match.hide()
        viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            if self.search.text():
                self.search.clear()
            else:
                self.w.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        if watched is self.viewport and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        self.no_match.setGeometry(self.viewport.rect().adjusted(24, 24, -24, -24))

    def refresh(self) -> None:
        self.rows_changed(self.w.model.rowCount(), self.w.proxy.rowCount())
        if hasattr(self.w, "acts"):
            self.w.acts.update()  # Copy all follows what is shown

    def rows_changed(self, total: int, shown: int) -> None:
        """Nothing shown of a list that is not empty: say why, and how to see the rows again."""
        if not total or shown:
            self.no_match.hide()
            return
        needle = self.w.search.text().strip()
        if needle:
            words = self.tr("No row matches “%1”. Press Esc to clear the search.").replace(
                "%1", needle
            )
        else:
            words = self.tr("No row fits this filter. Choose “All” to see every row.")
        self.no_match.setText(words)
        self.no_match.setAccessibleName(words)
        self._place()
        self.no_match.show()

    def retranslate(self) -> None:
        clear = self.w.search.findChild(QAction, "_q_qlineeditclearaction")
        name = self.tr("Clear the search")
        if clear is not None:
            clear.setToolTip(name)
            clear.setText(name)
        for button in self.w.search.findChildren(QToolButton):
            if clear is None or clear in button.actions() or button.defaultAction() is clear:
                button.setAccessibleName(name)
                button.setToolTip(name)
        self.refresh()
