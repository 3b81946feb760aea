"""The crash dialog and its log (secrets redacted), and copying with the keyboard and the mouse."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from app.core.logs import register_secret, setup_logging
from app.ui.desktop import crash
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop

SECRET = "sk-live-0123456789abcdef"


def test_an_uncaught_error_shows_a_dialog_and_a_redacted_log(
    qapp: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "open", lambda box: shown.append((box.text(), box.detailedText()))
    )
    register_secret(SECRET)
    log_file = setup_logging(tmp_path / "logs")
    assert log_file is not None
    try:
        raise RuntimeError(f"request with Bearer {SECRET} failed")
    except RuntimeError as exc:
        crash.report(type(exc), exc, exc.__traceback__, tmp_path / "logs")
    assert shown == []  # not inside the caller: on the next turn of the loop
    qtbot.waitUntil(lambda: bool(shown))
    for handler in logging.getLogger("apimodels").handlers:
        handler.flush()
    ((text, details),) = shown
    assert str(tmp_path / "logs") in text and "did not expect" in text
    assert "RuntimeError" in details and SECRET not in details
    written = log_file.read_text()
    assert "RuntimeError" in written and "uncaught error" in written
    assert SECRET not in written
    setup_logging(None)
    crash._showing = False


def test_ctrl_c_copies_the_selected_urls_one_per_line_and_double_click_copies_one(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"k{i}.png")
        paths[-1].write_bytes(make_png(seed=i + 20))
    window.add_paths([str(p) for p in paths])
    aloop.until(lambda: len(window.controller.model.find(lambda r: r.state is RowState.DONE)) == 3)
    view = window.view
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    rows = [window.proxy.index(i, 0).data(Qt.ItemDataRole.UserRole + 1) for i in range(3)]
    assert QGuiApplication.clipboard().text().splitlines() == [r.url for r in rows]
    assert "Copied 3 URLs." in window.statusBar().currentMessage()
    cell = view.visualRect(window.proxy.index(2, 0)).center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert QGuiApplication.clipboard().text() == rows[2].url


def test_window_size_and_columns_are_remembered(make_window: Any, profile: Any) -> None:
    window = make_window()
    window.resize(1010, 537)
    window.view.setColumnWidth(1, 133)
    window.save_layout()
    assert (profile.config / "window.ini").exists()
    if os.name == "posix":  # the folder holds the history too: owner only (issue 8, item 12)
        assert stat.S_IMODE((profile.config / "window.ini").stat().st_mode) == 0o600
        assert stat.S_IMODE(profile.config.stat().st_mode) == 0o700
    again = make_window()
    assert again.height() == 537  # (the width is clamped to the small offscreen screen)
    assert again.view.columnWidth(1) == 133
