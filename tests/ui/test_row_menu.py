"""The row's context menu opens as often as it is asked for, by the mouse and by the Menu key
(it once opened once, then never again: the short-lived menu took a long-lived submenu with it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui.conftest import Loop
from tests.ui.test_keyboard_and_screens import upload


def _open(window: Any, reason: QContextMenuEvent.Reason, where: QPoint) -> QMenu:
    viewport = window.view.viewport()
    event = QContextMenuEvent(reason, where, viewport.mapToGlobal(where))
    window.acts.row_menu = None
    QApplication.sendEvent(viewport, event)
    menu = window.acts.row_menu
    assert menu is not None, "the row menu did not open"
    return menu


def _close(menu: QMenu) -> None:
    menu.close()  # as Esc does; the menu deletes itself
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_the_row_menu_opens_again_and_again(
    make_window: Any, aloop: Loop, tmp_path: Path, monkeypatch: Any
) -> None:
    # The offscreen platform cannot grab the keyboard for a real popup: the menu is only made.
    monkeypatch.setattr(QMenu, "popup", lambda *_a: None)
    window = make_window()
    upload(window, aloop, tmp_path)
    window.view.setFocus()
    window.view.selectRow(0)
    row_point = window.view.visualRect(window.proxy.index(0, 0)).center()
    for reason, where in [
        (QContextMenuEvent.Reason.Mouse, row_point),
        (QContextMenuEvent.Reason.Keyboard, QPoint(5, window.view.viewport().height() - 2)),
    ] * 3:
        menu = _open(window, reason, where)
        subs = [a.menu() for a in menu.actions() if a.menu() is not None]
        assert len(subs) == 1, "Copy as is in the row menu"
        texts = [a.text() for a in subs[0].actions()]
        assert "Markdown" in texts
        _close(menu)
    # The menu bar's own Copy as survived every menu.
    assert [a.text() for a in window.acts.menu_copy_as.actions()][1] == "Markdown"
