"""The notice area above the list: one place for things to read and dismiss, newest first.

Refusals, skipped files and problems each add a notice; they stack instead of replacing each
other, the newest on top, and one button dismisses them all. Older ones beyond a few are folded
into a count so the list keeps its room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.escape import escape_controls
from app.ui.window.panels import Banner

SHOWN = 3  # notices on screen at once; the rest wait folded under a count


class NoticeArea(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notices")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._list = QVBoxLayout()
        self._list.setSpacing(4)
        layout.addLayout(self._list)
        footer = QHBoxLayout()
        footer.setContentsMargins(4, 0, 0, 0)
        self.more = QLabel(self)
        self.dismiss_all = QPushButton(self)
        self.dismiss_all.setFlat(True)
        self.dismiss_all.clicked.connect(self.clear)
        footer.addWidget(self.more)
        footer.addStretch(1)
        footer.addWidget(self.dismiss_all)
        layout.addLayout(footer)
        self.items: list[Banner] = []  # newest first
        self.pinned: list[Banner] = []  # offers that wait for an answer, above the notices
        self.retranslate()
        self._update()

    def show_text(self, text: str, tone: str = "warn") -> Banner:
        banner = Banner(tone, self)
        banner.show_text(text)
        banner.closed.connect(lambda b=banner: self._remove(b))
        self.items.insert(0, banner)
        self._list.insertWidget(len(self.pinned), banner)
        self._update()
        return banner

    def pin(self, banner: Banner) -> None:
        """An offer with buttons (duplicates): always on top, shown and hidden by its owner."""
        banner.setParent(self)
        self.pinned.append(banner)
        self._list.insertWidget(len(self.pinned) - 1, banner)
        banner.hide()

    def refresh(self) -> None:
        self._update()

    def remove(self, banner: Banner) -> None:
        """Take away a notice whose news is over (the service answered again)."""
        self._remove(banner)

    def take_back(self, text: str) -> None:
        """A notice no longer true (the service is reached again) goes by itself."""
        for banner in list(self.items):
            if banner.label.text() == escape_controls(text):
                self._remove(banner)

    def texts(self) -> list[str]:
        return [b.label.text() for b in self.items]

    def clear(self) -> None:
        for banner in list(self.items):
            self._remove(banner)

    def recolour(self) -> None:
        for banner in self.items + self.pinned:
            banner.recolour()

    def _remove(self, banner: Banner) -> None:
        if banner in self.items:
            self.items.remove(banner)
            self._list.removeWidget(banner)
            banner.hide()
            banner.deleteLater()
        self._update()

    def _update(self) -> None:
        for position, banner in enumerate(self.items):
            banner.setVisible(position < SHOWN)
        hidden = max(0, len(self.items) - SHOWN)
        self.more.setText(self.tr("%n older notice(s)", "", hidden) if hidden else "")
        self.more.setVisible(hidden > 0)
        self.dismiss_all.setVisible(len(self.items) > 1)
        self.setVisible(bool(self.items) or any(p.isVisibleTo(self) for p in self.pinned))
        self.changed.emit()

    def retranslate(self) -> None:
        self.dismiss_all.setText(self.tr("Dismiss all"))
        self.dismiss_all.setAccessibleName(self.tr("Dismiss all notices"))
        hidden = max(0, len(self.items) - SHOWN)
        if hidden:
            self.more.setText(self.tr("%n older notice(s)", "", hidden))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
