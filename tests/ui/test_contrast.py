"""Contrast measured, in light and dark: text at 4.5:1 or more, the edges of controls (an
unchecked checkbox, a field, a list's selected row and focus ring) at 3:1 or more (WCAG AA)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.desktop import theme, tones
from app.ui.window.panels import Banner
from tests.helpers import make_png
from tests.ui.conftest import Loop

R = QPalette.ColorRole


@pytest.fixture(params=["light", "dark"])
def scheme(request: Any, qapp: QApplication) -> Iterator[str]:
    before = qapp.style().name()
    theme.install_style(qapp)
    theme.apply(request.param)
    assert tones.dark() == (request.param == "dark")
    yield request.param
    theme.apply("light")
    qapp.setPalette(QPalette())
    qapp.setStyle(before)


def _pairs(p: QPalette) -> list[tuple[str, R, R, float]]:
    return [
        ("text on the list", R.Text, R.Base, tones.TEXT_AA),
        ("text on alternate rows", R.Text, R.AlternateBase, tones.TEXT_AA),
        ("window text", R.WindowText, R.Window, tones.TEXT_AA),
        ("button text", R.ButtonText, R.Button, tones.TEXT_AA),
        ("selected row text", R.HighlightedText, R.Highlight, tones.TEXT_AA),
        ("placeholder", R.PlaceholderText, R.Base, tones.TEXT_AA),
        ("tooltip", R.ToolTipText, R.ToolTipBase, tones.TEXT_AA),
        ("link", R.Link, R.Base, tones.TEXT_AA),
        ("selected row against the list", R.Highlight, R.Base, tones.EDGE_AA),
    ]


def test_palette_text_and_the_selection_reach_aa(scheme: str) -> None:
    p = QGuiApplication.palette()
    low = [
        (name, round(tones.contrast(p.color(fg), p.color(bg)), 2))
        for name, fg, bg, need in _pairs(p)
        if tones.contrast(p.color(fg), p.color(bg)) < need
    ]
    assert low == []


def test_coloured_words_and_banners_reach_aa(scheme: str, qtbot: Any) -> None:
    p = QGuiApplication.palette()
    for name in ("error", "warn", "ok", "accent", "muted"):
        for background in (R.Base, R.Window, R.AlternateBase):
            ratio = tones.contrast(tones.tone(name), p.color(background))
            assert ratio >= tones.TEXT_AA, (name, background, ratio)
    for tone in ("info", "warn", "demo"):
        banner = Banner(tone)
        qtbot.addWidget(banner)
        light_bg, light_fg, dark_bg, dark_fg = banner._colours
        bg, fg = (dark_bg, dark_fg) if scheme == "dark" else (light_bg, light_fg)
        assert tones.contrast(QColor(fg), QColor(bg)) >= tones.TEXT_AA, tone


def _edge_contrast(image: QImage, background: QColor, y: int, x_range: range) -> float:
    return max(tones.contrast(image.pixelColor(x, y), background) for x in x_range)


def test_every_control_has_an_edge_that_can_be_seen(scheme: str, qtbot: Any) -> None:
    page = QWidget()
    page.setAutoFillBackground(True)
    layout = QVBoxLayout(page)
    controls: list[QWidget] = [
        QCheckBox("Unchecked"),
        QRadioButton("Radio"),
        QLineEdit(),
        QComboBox(),
        QPushButton("Button"),
    ]
    checked = QCheckBox("Checked")
    checked.setChecked(True)
    controls.append(checked)
    for control in controls:
        layout.addWidget(control)
    qtbot.addWidget(page)
    page.resize(300, 300)
    layout.activate()  # laid out and drawn without a window on screen
    image = page.grab().toImage()
    window = QGuiApplication.palette().color(R.Window)
    for control in controls:
        rect = control.geometry()
        mid = rect.center().y()
        # The left edge of the control (the indicator, for a checkbox), against the window.
        ratio = _edge_contrast(image, window, mid, range(rect.left(), rect.left() + 8))
        assert ratio >= tones.EDGE_AA, (type(control).__name__, control.property("text"), ratio)


def test_the_focused_row_has_a_ring_that_stands_out(
    scheme: str, make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    for i in range(2):
        (tmp_path / f"r{i}.png").write_bytes(make_png(8, 8, seed=500 + i))
    window.add_paths([str(tmp_path / f"r{i}.png") for i in range(2)])
    aloop.until(lambda: len(window.controller.model.find(lambda r: r.url)) == 2)
    view = window.view
    view.clearSelection()
    view.setCurrentIndex(QModelIndex())
    view.setFocus()
    aloop.until(view.hasFocus)
    view.setCurrentIndex(window.proxy.index(1, 0))
    view.clearSelection()  # focus without selection: the ring alone must show where it is
    aloop.settle(0.05)
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    rect = view.visualRect(window.proxy.index(1, 0))
    base = view.palette().color(R.AlternateBase if 1 % 2 else R.Base)
    # Across the row, not only in its first cell: sample the middle of the last column too.
    for x in (rect.center().x(), view.viewport().width() - 30):
        column = [
            tones.contrast(image.pixelColor(int(x * ratio), int(y * ratio)), base)
            for y in range(rect.top(), rect.top() + 4)
        ]
        assert max(column) >= tones.EDGE_AA, (x, column)


def test_coloured_cells_on_a_selected_row_stay_readable(scheme: str, qtbot: Any) -> None:
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from app.ui.table.columns import Column
    from app.ui.table.model import UploadsModel
    from app.ui.table.proxy import FilterProxy
    from app.ui.table.rows import Row, RowState
    from app.ui.table.view import UploadsView

    model = UploadsModel()
    model.insert([Row("bad.png", "", RowState.FAILED, 10, message="refused")])
    view = UploadsView(FilterProxy(model))
    qtbot.addWidget(view)
    index = view.proxy.index(0, Column.STATUS)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.state |= QStyle.StateFlag.State_Selected
    view.itemDelegateForColumn(Column.STATUS).initStyleOption(option, index)
    text = option.palette.color(R.Text)
    highlight = option.palette.color(R.Highlight)
    assert tones.contrast(text, highlight) >= tones.TEXT_AA
