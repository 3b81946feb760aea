"""A row's URL as a QR code, big enough to scan from a phone across a desk, its expiry under it.

Dark modules on white whatever the theme (scanners want the contrast, and many cannot read an
inverted code), at least 8 cm on a common screen: each module is a whole number of device pixels,
so the edges stay sharp at any scale."""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.core.qr import QrMatrix, qr_matrix
from app.ui.table.rows import Row
from app.ui.words import text

#: The code's side in logical pixels, at least: about 9.5 cm at 96 dpi.
SIDE = 360


def qr_image(matrix: QrMatrix, side: int, ratio: float = 1.0) -> QImage:
    """The code painted at a whole number of device pixels per module, ``side`` or a bit more."""
    module = max(1, math.ceil(side * ratio / matrix.size))
    pixels = module * matrix.size
    image = QImage(pixels, pixels, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for y, row in enumerate(matrix.rows):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * module, y * module, module, module, QColor("black"))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return image


class QrDialog(QDialog):
    def __init__(self, row: Row, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(self.tr("QR code: %1").replace("%1", row.name))
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setAccessibleName(self.tr("QR code of the URL"))
        self.name = QLabel(row.name, self)
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.expiry = QLabel(self)
        self.expiry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.expiry.setTextFormat(Qt.TextFormat.PlainText)
        self.url = QLabel(row.url or "", self)
        self.url.setTextFormat(Qt.TextFormat.PlainText)
        self.url.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.url.setWordWrap(True)
        self.url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url.setMaximumWidth(SIDE + 40)
        for widget in (self.image, self.name, self.expiry, self.url):
            layout.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            self.matrix: QrMatrix | None = qr_matrix(row.url or "")
        except ValueError:
            self.matrix = None
        if self.matrix is None:
            self.image.setText(self.tr("This URL is too long for a QR code."))
        else:
            ratio = self.devicePixelRatioF()
            self.image.setPixmap(QPixmap.fromImage(qr_image(self.matrix, SIDE, ratio)))
        if row.expires_at is not None:
            self.expiry.setText(
                self.tr("Works until %1 (%2 left)")
                .replace("%1", text.local_time(row.expires_at))
                .replace("%2", text.countdown(row.expires_at - now))
            )
