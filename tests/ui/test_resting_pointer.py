"""A pointer left resting on the list, as a loaded machine leaves it between two steps of a test
(issue 16, Also): the tooltip that comes after 700 ms made the offscreen platform warn "This
plugin does not support raise()", and pytest-qt failed a test that had checked nothing wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip

from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def test_a_tooltip_over_a_row_is_no_failure(make_window: Any, aloop: Loop, tmp_path: Path) -> None:
    window = make_window()
    window.resize(1000, 700)
    path = tmp_path / "resting.png"
    path.write_bytes(make_png(8, 8, seed=5))
    window.add_paths([str(path)])
    aloop.until(lambda: window.controller.model.rowCount() == 1)
    aloop.until(lambda: window.controller.model.row_at(0).state is RowState.DONE)
    QCursor.setPos(window.stack.mapToGlobal(QPoint(40, 20)))  # on the first row
    aloop.until(QToolTip.isVisible, timeout=10)  # the tooltip came, and the platform spoke
    QCursor.setPos(window.mapToGlobal(QPoint(-50, -50)))
    QToolTip.hideText()
