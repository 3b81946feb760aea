"""The notice after rows were removed: how many, and Undo until it is dismissed (removal.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow
    from app.ui.window.panels import Banner


class UndoNotice(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.banner: Banner | None = None
        self.count = 0
        window.controller.removal.removed.connect(self.show)

    def _sentence(self) -> str:
        return self.tr(
            "Removed %n row(s) from the list and the history. Their URLs keep working until "
            "they expire.",
            "",
            self.count,
        )

    def show(self, count: int) -> None:
        self._drop_banner()
        self.count = count
        banner = self.w.notices.show_text(self._sentence(), "info")
        self.undo = banner.add_button(self.tr("&Undo"))
        self.undo.clicked.connect(self._on_undo)
        banner.destroyed.connect(lambda *_a, b=banner: self._on_gone(b))
        self.banner = banner

    def retranslate(self) -> None:
        if self.banner is not None and self.banner in self.w.notices.items:
            self.banner.show_text(self._sentence())
            self.undo.setText(self.tr("&Undo"))

    def _drop_banner(self) -> None:
        banner, self.banner = self.banner, None
        if banner is not None and banner in self.w.notices.items:
            self.w.notices.remove(banner)

    def _on_undo(self) -> None:
        self._drop_banner()  # first: its going must not make the removal final
        count = self.w.controller.removal.undo()
        self.w.show_message(self.tr("%n row(s) put back.", "", count))

    def _on_gone(self, banner: Banner) -> None:
        if banner is self.banner:  # dismissed: the removal is final
            self.banner = None
            self.w.controller.removal.commit()
