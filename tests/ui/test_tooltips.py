"""Tooltips show text as it is: no markup from a server's msg or a file name (issue 8, item 10)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument

from app.ui.table.model import Column, UploadsModel
from app.ui.table.rows import Row, RowState

HOSTILE = "<b>bold</b> <img src='https://tracker.example/x.png'> <a href='x'>click</a>"


def shown(tip: str) -> str:
    """What Qt's tooltip shows: rich text when the string looks like it, else plain."""
    doc = QTextDocument()
    if GuiQt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()


@pytest.fixture
def model(qapp: Any) -> UploadsModel:
    return UploadsModel()


def test_a_server_message_in_a_tooltip_is_shown_literally(model: UploadsModel) -> None:
    model.insert([Row("f.png", "image", RowState.FAILED, 10, "image/png", "/x/f.png",
                      message=f"f.png: The service refused it ({HOSTILE}).")])  # fmt: skip
    tip = model.index(0, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == f"f.png: The service refused it ({HOSTILE})."


def test_a_file_name_with_markup_and_controls_is_shown_literally(model: UploadsModel) -> None:
    path = "/home/me/<i>x</i>\u202egnp.exe"
    model.insert([Row("x", "image", RowState.QUEUED, 10, "image/png", path)])
    tip = model.index(0, Column.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == "/home/me/<i>x</i>\\u202egnp.exe"


def test_the_url_tooltip_keeps_its_two_lines(model: UploadsModel) -> None:
    row = Row("a.png", "image", RowState.DONE, 10, "image/png", None, url="https://x.test/a&b.png")
    model.insert([row])
    tip = model.index(0, Column.URL).data(Qt.ItemDataRole.ToolTipRole)
    lines = shown(tip).splitlines()
    assert lines[0] == "https://x.test/a&b.png" and "copy" in lines[1]


def test_a_bidi_override_in_a_name_is_shown_escaped(model: UploadsModel) -> None:
    model.insert([Row("photo\u202egnp.exe", "image", RowState.QUEUED, 10, "image/png", "/x")])
    assert model.index(0, Column.NAME).data() == "photo\\u202egnp.exe"


def test_a_banner_shows_no_control_characters(qtbot: Any) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.window.panels import Banner

    holder = QWidget()  # never shown: no native window offscreen
    qtbot.addWidget(holder)
    banner = Banner("warn", holder)
    banner.show_text("a.png: refused (\x1b]0;title\x07 \u202eevil)")
    assert banner.label.text() == "a.png: refused (\\x1b]0;title\\x07 \\u202eevil)"
