"""The smaller things a user notices: the drop overlay, long names, the tray's Show window,
links and folders that cannot be opened, the key panel's words and its check on first start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtWidgets import QWidget

from app.core.settings import KeyStore
from app.ui.table.rows import Row, RowState
from tests.ui.conftest import Loop
from tests.ui.test_feedback import drag_enter, png


def test_the_drop_overlay_says_a_sentence_and_hides_what_is_under_it(
    make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    folder = tmp_path / "shots"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drag_enter(window, mime)
    overlay = window.drop.overlay
    assert overlay.title.text() == "Drop to upload the images, video and audio in 1 folder"
    image = QImage(overlay.size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:  # only what the overlay paints itself: no window background under it
        overlay.render(painter, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    finally:
        painter.end()
    inside = image.pixelColor(overlay.width() // 2, 20)
    assert inside.alpha() == 255  # opaque: the empty page's heading does not show through


def test_long_names_keep_their_end(make_window: Any) -> None:
    window = make_window()
    assert window.view.textElideMode() == Qt.TextElideMode.ElideMiddle


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_tray_menu_shows_the_window(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    first = window.acts.tray_menu.actions()[0]
    assert first.text() == "&Show window"
    window.hide()
    first.trigger()
    assert window.isVisible()


@pytest.mark.qt_log_ignore("does not support QPlatformServices::openUrl")
def test_links_and_folders_nobody_can_open_are_said(
    make_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.ui.desktop import opener

    window = make_window()
    said: list[str] = []
    window.controller.message.connect(said.append)
    source = png(tmp_path, "here.png", 3)
    row = Row("here.png", "image", RowState.DONE, 10, path=str(source))
    row.url = "x-no-such-scheme://nowhere/here.png"  # no program opens this
    assert window.controller.open_url(row) is False
    assert "Copy the URL and paste it into a browser" in said[-1]
    # A desktop without a file manager (this test's offscreen one, and D-Bus without one).
    monkeypatch.setattr(opener, "_freedesktop_show", lambda _path: False)
    monkeypatch.setattr(opener.QDesktopServices, "openUrl", lambda _url: False)
    assert window.controller.reveal(row) is False
    assert str(tmp_path) in said[-1] and "No file manager" in said[-1]


def test_without_a_keyring_the_button_does_not_say_save(make_window: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(KeyStore, "secure_storage_available", staticmethod(lambda: False))
    window = make_window(key=None)
    window.key_panel.ask("")
    assert "only until the app closes" in window.key_panel.help.text()
    assert window.key_panel.save.text() == "Use this key"


def test_a_key_typed_on_first_start_is_checked_and_a_refusal_said(
    make_window: Any, aloop: Loop
) -> None:
    window = make_window(key=None)
    aloop.until(window.key_panel.isVisible)
    window.key_panel.field.setText("not-a-good-key")
    window.key_panel.save.click()
    aloop.until(lambda: "refused" in window.key_panel.reason.text())
    assert window.key_panel.isVisible() and window.key_panel.reason.isVisible()


def test_copy_url_and_copy_all_have_icons_of_their_own(make_window: Any) -> None:
    window = make_window()
    acts = window.acts
    one = acts.copy.icon().pixmap(20, 20).toImage()
    every = acts.copy_all.icon().pixmap(20, 20).toImage()
    differing = sum(
        one.pixelColor(x, y) != every.pixelColor(x, y) for x in range(20) for y in range(20)
    )
    assert differing >= 12  # tell-apart at toolbar size, not a pixel or two
