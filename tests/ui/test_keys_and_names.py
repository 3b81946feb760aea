"""Access keys that do not clash, in English and Chinese; toolbar words without "(A)"; Esc in
the search; a search that matches nothing says so; names for the controls a screen reader meets."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolButton, QWidget

from app.ui.window.settings_dialog import SettingsDialog
from app.ui.words import i18n
from tests.ui.conftest import Loop
from tests.ui.test_keyboard_and_screens import spoken_name, toolbar_buttons
from tests.ui.test_shown_commands import _history


def _keys(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.append(match.group(1).casefold())
    return found


def _clashes(texts: list[str]) -> list[str]:
    return sorted(key for key, n in Counter(_keys(texts)).items() if n > 1)


@pytest.fixture(params=["en", "zh_CN"])
def language(request: Any) -> Iterator[str]:
    assert i18n.apply(request.param) == request.param
    yield request.param
    i18n.apply("en")


def test_access_keys_do_not_clash(
    language: str, make_window: Any, profile: Any, monkeypatch: Any, qtbot: Any
) -> None:
    _history(profile, ["a.png"])
    window = make_window()
    menus: list[QMenu] = [window.acts.menu_file, window.acts.menu_edit, window.acts.menu_uploads]
    menus.append(window.acts.menu_help)
    for menu in menus:
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        assert _clashes(texts) == [], (menu.title(), texts)
    assert _clashes([m.title() for m in menus]) == []
    monkeypatch.setattr(QMenu, "popup", lambda *_a: None)
    window.view.selectRow(0)
    where = window.view.visualRect(window.proxy.index(0, 0)).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, window.view.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(window.view.viewport(), event)
    row_menu = window.acts.row_menu
    assert row_menu is not None
    texts = [a.text() for a in row_menu.actions() if not a.isSeparator()]
    assert _clashes(texts) == [], texts

    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    texts = [
        w.text()  # type: ignore[attr-defined]
        for w in dialog.findChildren(QWidget)
        if hasattr(w, "text") and isinstance(w.text(), str) and w.isVisibleTo(dialog)
    ]
    assert _clashes(texts) == [], texts


def test_the_toolbar_shows_no_access_key_marks(language: str, make_window: Any) -> None:
    window = make_window()
    for button in toolbar_buttons(window):
        assert not re.search(r"[(（][A-Za-z][)）]|&", button.text()), button.text()
    if language == "zh_CN":
        assert toolbar_buttons(window)[0].text() == "添加文件"


def test_esc_clears_the_search_and_no_match_is_said(
    make_window: Any, profile: Any, qtbot: Any, aloop: Loop
) -> None:
    _history(profile, ["cat.png", "dog.png"])
    window = make_window()
    window.activateWindow()
    window.search.setFocus()
    aloop.until(window.search.hasFocus)
    qtbot.keyClicks(window.search, "zebra")
    assert window.proxy.rowCount() == 0
    label = window.search_bar.no_match
    assert label.isVisibleTo(window) and "No row matches “zebra”" in label.text()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.proxy.rowCount() == 2
    assert not label.isVisibleTo(window)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # a second Esc: back to the list
    aloop.until(window.view.hasFocus)


def test_controls_have_names(make_window: Any) -> None:
    window = make_window()
    # On Linux a screen reader names a combo box by its label (its own name is its value).
    interface = QAccessible.queryAccessibleInterface(window.filter)
    labels = [
        other.text(QAccessible.Text.Name)
        for other, _kind in interface.relations(QAccessible.RelationFlag.Label)
    ]
    assert labels == ["Show:"]
    assert window.filter.accessibleName() == "Show which rows"
    assert spoken_name(window.overall) == "Progress of the uploads running"
    assert spoken_name(window.count_label) == "Rows shown"
    window.search.setText("x")
    clear = [
        b
        for b in window.search.findChildren(QToolButton)
        if b.defaultAction() is not None
        and b.defaultAction().objectName() == "_q_qlineeditclearaction"
    ]
    assert len(clear) == 1 and spoken_name(clear[0]) == "Clear the search"
