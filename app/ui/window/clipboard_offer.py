"""Images copied anywhere (opt-in): offered for upload with one click, or uploaded at once.

The setting ``clipboard_images`` says which (off, offer, upload). Only pictures count: a file
copied in a file manager comes as its path and is pasted as before, and text (our own copied
URLs among it) is never touched. Some desktops (Wayland) tell a window about the clipboard only
while it has the focus: the offer then comes when the window is next used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QGuiApplication, QImage

from app.ui.window.panels import Banner

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow


class ClipboardOffer(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.image: QImage | None = None
        self.bar = Banner("info", window)
        self.upload = self.bar.add_button("")
        self.upload.clicked.connect(self._on_upload)
        self.bar.closed.connect(self._on_dismissed)
        window.notices.pin(self.bar)
        QGuiApplication.clipboard().dataChanged.connect(self._on_clipboard_changed)
        window.installEventFilter(self)  # to hear of a language change
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    def retranslate(self) -> None:
        self.upload.setText(self.tr("Upload it"))

    def _on_clipboard_changed(self) -> None:
        if not self.w.built:  # before the controller (the first paint): nothing to offer to
            return
        mode = self.w.controller.settings.get("clipboard_images")
        if mode not in ("offer", "upload"):
            return
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or mime.hasUrls() or not mime.hasImage():
            return
        image = mime.imageData()
        if not isinstance(image, QImage) or image.isNull():
            return
        if mode == "upload":
            c = self.w.controller
            c.spawn(c.add_image(image))
            return
        self.image = image
        self.bar.show_text(
            self.tr("An image was copied (%1 × %2 pixels). Upload it?")
            .replace("%1", str(image.width()))
            .replace("%2", str(image.height()))
        )
        self.w.notices.refresh()

    def _on_upload(self) -> None:
        image, self.image = self.image, None
        self.bar.hide()
        self.w.notices.refresh()
        if image is not None:
            c = self.w.controller
            c.spawn(c.add_image(image))

    def _on_dismissed(self) -> None:
        self.image = None
        self.bar.hide()
        self.w.notices.refresh()
