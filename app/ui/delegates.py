"""Painting the cells that are more than text: the progress bar and the URL with its Copy button."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
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

from app.ui import icons
from app.ui.model import ROW_ROLE
from app.ui.rows import Row, RowState

Index = QModelIndex | QPersistentModelIndex


def _now() -> datetime:
    return datetime.now(UTC)


class ProgressDelegate(QStyledItemDelegate):
    """A bar, and under it the percent, speed and time left."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row) or row.state not in (RowState.UPLOADING, RowState.RETRYING):
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


class UrlDelegate(QStyledItemDelegate):
    """The public URL, elided in the middle, with a Copy button at the right end of the cell."""

    copy_requested = Signal(QPersistentModelIndex)
    BUTTON_WIDTH = 72

    def button_rect(self, cell: QRect) -> QRect:
        height = min(28, cell.height() - 8)
        return QRect(
            cell.right() - self.BUTTON_WIDTH - 4,
            cell.top() + (cell.height() - height) // 2,
            self.BUTTON_WIDTH,
            height,
        )

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    clock: Callable[[], datetime] = staticmethod(_now)  # the view sets its model's clock

    def has_button(self, row: object) -> bool:
        # An expired URL gets no button: copying it would only hand on a dead link.
        return isinstance(row, Row) and bool(row.url) and not row.is_expired(self.clock())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not self.has_button(row):
            super().paint(painter, option, index)
            return
        cell: QRect = option.rect
        text_option = QStyleOptionViewItem(option)
        text_option.rect = cell.adjusted(0, 0, -(self.BUTTON_WIDTH + 8), 0)
        super().paint(painter, text_option, index)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        button = QStyleOptionButton()
        button.rect = self.button_rect(cell)
        button.text = self.tr("Copy")
        button.icon = icons.icon("copy")
        button.iconSize = icons.size(14)
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
            if (
                isinstance(row, Row)
                and row.url
                and self.button_rect(cell).contains(event.position().toPoint())
            ):
                self.copy_requested.emit(QPersistentModelIndex(index))
                return True
        return super().editorEvent(event, model, option, index)


def install(view: QAbstractItemView) -> tuple[ProgressDelegate, UrlDelegate]:
    from app.ui.model import Column

    progress, url = ProgressDelegate(view), UrlDelegate(view)
    view.setItemDelegateForColumn(Column.STATUS, progress)
    view.setItemDelegateForColumn(Column.URL, url)
    return progress, url
