"""Painting the cells that are more than text: the progress bar and the URL with its Copy button."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from app.ui.desktop import icons
from app.ui.table.columns import ROW_ROLE
from app.ui.table.rows import Row, RowState

Index = QModelIndex | QPersistentModelIndex


def _now() -> datetime:
    return datetime.now(UTC)


class ProgressDelegate(QStyledItemDelegate):
    """A bar, and under it the percent, speed and time left; other states as words that wrap
    onto a second line, so a reason is read whole and not cut in half."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        bar_states = (RowState.UPLOADING, RowState.RETRYING, RowState.FITTING)
        if not isinstance(row, Row) or row.state not in bar_states:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        rect: QRect = option.rect.adjusted(6, 6, -6, -6)
        bar = QStyleOptionProgressBar()
        bar.rect = QRect(rect.left(), rect.top(), rect.width(), max(6, rect.height() // 2 - 2))
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(row.fraction * 1000)
        bar.textVisible = False
        bar.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Horizontal
        bar.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
        painter.save()
        painter.setPen(option.palette.color(option.palette.ColorRole.Text))
        line = QRect(
            rect.left(), bar.rect.bottom() + 2, rect.width(), rect.bottom() - bar.rect.bottom()
        )
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = painter.fontMetrics()
        painter.drawText(
            line,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width()),
        )
        painter.restore()


def short_url(url: str, width: int, fits: Callable[[str], bool]) -> str:
    """As much of a URL as fits, keeping what tells rows apart: the file name at its end."""
    if fits(url):
        return url
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    last = path.rsplit("/", 1)[-1]
    for candidate in (rest, f"{host}/…/{last}", f"…/{last}"):
        if fits(candidate):
            return candidate
    return f"…{last}"


class UrlDelegate(QStyledItemDelegate):
    """The public URL, shortened to what fits, with a button at the right end of the cell: Copy
    (which says when it copied), or Re-upload for an expired URL whose file is still here."""

    copy_requested = Signal(QPersistentModelIndex)
    reupload_requested = Signal(QPersistentModelIndex)
    fit_requested = Signal(QPersistentModelIndex)
    BUTTON_WIDTH = 84
    COMPACT_WIDTH = 34  # icon only, in a narrow cell: the URL keeps its room
    COMPACT_BELOW = 260
    COPIED_FOR = 1.5  # seconds the button says "Copied"

    def __init__(self, parent: QAbstractItemView) -> None:
        super().__init__(parent)
        self.view = parent
        self.copied: dict[int, float] = {}  # row uid -> when its Copy button was pressed

    def mark_copied(self, row: Row) -> None:
        self.copied[row.uid] = time.monotonic()
        self.view.viewport().update()
        QTimer.singleShot(int(self.COPIED_FOR * 1000) + 50, self.view.viewport().update)

    def just_copied(self, row: Row) -> bool:
        when = self.copied.get(row.uid)
        return when is not None and time.monotonic() - when < self.COPIED_FOR

    def button_kind(self, row: object) -> str | None:
        """ "copy", "reupload", "fit" or None (no button)."""
        if isinstance(row, Row) and row.state is RowState.OVER_LIMIT:
            return "fit"
        if not isinstance(row, Row) or not row.url:
            return None
        if not row.is_expired(self.clock()):
            return "copy"
        return "reupload" if row.path and os.path.exists(row.path) else None

    def button_width(self, cell: QRect) -> int:
        return self.BUTTON_WIDTH if cell.width() >= self.COMPACT_BELOW else self.COMPACT_WIDTH

    def button_rect(self, cell: QRect) -> QRect:
        height = min(28, cell.height() - 8)
        return QRect(
            cell.right() - self.button_width(cell) - 4,
            cell.top() + (cell.height() - height) // 2,
            self.button_width(cell),
            height,
        )

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft  # the end of a URL tells rows apart
        metrics = option.fontMetrics
        room = option.rect.width() - 12
        option.text = short_url(option.text, room, lambda t: metrics.horizontalAdvance(t) <= room)

    clock: Callable[[], datetime] = staticmethod(_now)  # the view sets its model's clock

    def has_button(self, row: object) -> bool:
        # An expired URL gets no Copy: copying it would only hand on a dead link.
        return self.button_kind(row) is not None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        kind = self.button_kind(row)
        if kind is None or not isinstance(row, Row):
            super().paint(painter, option, index)
            return
        cell: QRect = option.rect
        text_option = QStyleOptionViewItem(option)
        text_option.rect = cell.adjusted(0, 0, -(self.button_width(cell) + 8), 0)
        super().paint(painter, text_option, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        button = QStyleOptionButton()
        button.rect = self.button_rect(cell)
        if kind == "reupload":
            button.text, button.icon = self.tr("Re-upload"), icons.icon("upload")
        elif kind == "fit":
            button.text, button.icon = self.tr("Make it fit"), icons.icon("upload")
        elif self.just_copied(row):
            button.text, button.icon = self.tr("Copied"), icons.icon("done")
        else:
            button.text, button.icon = self.tr("Copy"), icons.icon("copy")
        button.iconSize = icons.size(14)
        if self.button_width(cell) == self.COMPACT_WIDTH:
            button.text = ""
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        button.palette = option.palette
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            row = index.data(ROW_ROLE)
            cell: QRect = option.rect
            kind = self.button_kind(row)
            if (
                isinstance(row, Row)
                and kind is not None
                and self.button_rect(cell).contains(event.position().toPoint())
            ):
                if kind == "reupload":
                    self.reupload_requested.emit(QPersistentModelIndex(index))
                elif kind == "fit":
                    self.fit_requested.emit(QPersistentModelIndex(index))
                else:
                    self.mark_copied(row)
                    self.copy_requested.emit(QPersistentModelIndex(index))
                return True
        return super().editorEvent(event, model, option, index)


def install(view: QAbstractItemView) -> tuple[ProgressDelegate, UrlDelegate]:
    from app.ui.table.columns import Column

    progress, url = ProgressDelegate(view), UrlDelegate(view)
    view.setItemDelegateForColumn(Column.STATUS, progress)
    view.setItemDelegateForColumn(Column.URL, url)
    return progress, url
