"""The row menu's QR code: read back from the pixels on screen, big enough, expiry under it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import zxingcpp
from PySide6.QtGui import QImage

from app.core.history import History
from tests.ui.conftest import Loop


def decode(image: QImage) -> str | None:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = gray.width(), gray.height()
    rows = bytes(gray.constBits())  # rows are padded to 4 bytes: keep each row's pixels only
    line = gray.bytesPerLine()
    pixels = b"".join(rows[y * line : y * line + width] for y in range(height))
    found = zxingcpp.read_barcode(memoryview(pixels).cast("B", (height, width)))
    return found.text if found is not None else None


def test_the_qr_code_reads_back_as_the_url_and_says_until_when(
    make_window: Any, aloop: Loop, profile: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QDialog, QMenu

    monkeypatch.setattr(QMenu, "popup", lambda *_a: None)  # offscreen: no real popup
    monkeypatch.setattr(QDialog, "open", lambda _d: None)  # nor a shown dialog's size hints
    url = "https://cdn.example/u/5f1e0c9a2b/holiday%20beach.png"
    history = History(profile.history)
    history.add(name="holiday beach.png", size=10, mime="image/png", public_url=url,
                uploaded_at=datetime.now(UTC) - timedelta(hours=2))  # fmt: skip
    history.close()
    window = make_window(settings={"expiry_notice": False})
    window.view.selectRow(0)
    window.acts.context_menu(window.view.visualRect(window.view.currentIndex()).center())
    assert window.acts.qr in window.acts.row_menu.actions() and window.acts.qr.isEnabled()
    window.acts.qr.trigger()
    dialog = window.acts.qr_dialog
    pixmap = dialog.image.pixmap()
    side = pixmap.width() / pixmap.devicePixelRatio()
    assert side >= 360  # about 9.5 cm at 96 dpi: a phone reads it from across a desk
    assert decode(pixmap.toImage()) == url
    # Grabbed as drawn on screen (label, margins and all), it still reads.
    assert decode(dialog.grab().toImage()) == url
    assert dialog.expiry.text().startswith("Works until ")
    assert dialog.expiry.text().endswith("(6 d 21 h left)")
    assert dialog.name.text() == "holiday beach.png" and dialog.url.text() == url


def test_no_qr_code_for_an_expired_row(make_window: Any, profile: Any) -> None:
    history = History(profile.history)
    history.add(name="old.png", size=10, mime="image/png", public_url="https://x/old.png",
                uploaded_at=datetime.now(UTC) - timedelta(days=8))  # fmt: skip
    history.close()
    window = make_window(settings={"expiry_notice": False})
    window.view.selectRow(0)
    window.acts.update()
    assert not window.acts.qr.isEnabled()
    window.acts.show_qr()
    assert window.acts.qr_dialog is None


def test_the_qr_code_is_dark_on_light_in_the_dark_theme(
    make_window: Any, profile: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(QDialog, "open", lambda _d: None)
    history = History(profile.history)
    history.add(name="a.png", size=10, mime="image/png", public_url="https://x/a.png",
                uploaded_at=datetime.now(UTC))  # fmt: skip
    history.close()
    window = make_window(settings={"expiry_notice": False, "theme": "dark"})
    window.view.selectRow(0)
    window.acts.update()
    window.acts.qr.trigger()
    image = window.acts.qr_dialog.image.pixmap().toImage()
    assert image.pixelColor(1, 1).lightness() == 255  # the quiet zone is white
    assert decode(image) == "https://x/a.png"
