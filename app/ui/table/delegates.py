"""Painting the cells that are more than text: the progress bar and the URL with its Copy button."""

from __future__ import annotations

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
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
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
from app.ui.table import row_button
from app.ui.table.columns import ROW_ROLE
from app.ui.table.rows import Row, RowState

Index = QModelIndex | QPersistentModelIndex


def _now() -> datetime:
    return datetime.now(UTC)


class RowDelegate(QStyledItemDelegate):
    """Every cell: on a selected row, the text in the selection's own text colour. A cell's
    colour (red for a failure, amber for "expires soon", grey for expired) was kept on the blue
    selection, at 1.5:1."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if option.state & QStyle.StateFlag.State_Selected:
            palette = option.palette
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                on_selection = palette.color(group, QPalette.ColorRole.HighlightedText)
                palette.setColor(group, QPalette.ColorRole.Text, on_selection)
            option.palette = palette


class ProgressDelegate(RowDelegate):
    """A bar, and under it the percent, speed and time left; other states as words that wrap
    onto a second line, so a reason is read whole and not cut in half."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row) or row.state not in (
            RowState.UPLOADING,
            RowState.RETRYING,
            RowState.DOWNLOADING,
            RowState.FITTING,
        ):
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
    for candidate in (rest, f"{host}/…/{last}"):
        if fits(candidate):
            return candidate
    # The host stays (which service, demo or real, is what a glance needs), and as much of
    # the file name's end as fits: its extension and the part that tells rows apart.
    # Not below the random part and the extension ("-818df240.png"): that tells rows apart.
    for keep in range(len(last) - 1, min(len(last), 13) - 1, -1):
        candidate = f"{host}/…{last[-keep:]}"
        if fits(candidate):
            return candidate
    if fits(f"…/{last}"):
        return f"…/{last}"
    return f"…{last}"


class UrlDelegate(RowDelegate):
    """The public URL, shortened to what fits, with the row's one button at the right end of the
    cell, chosen by its state (row_button.py): ×, Retry, Copy (which says when it copied) or
    Re-upload."""

    button_clicked = Signal(str, QPersistentModelIndex)  # the action, the row
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
        """The row's action (row_button.RULES), or None: no button."""
        return row_button.action(row, self.clock())

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
        if kind == "copy" and self.just_copied(row):
            button.text, button.icon = row_button.label("copied"), icons.icon("done")
        else:
            button.text = row_button.label(kind)
            button.icon = icons.icon(row_button.ICONS[kind])
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
                if kind == "copy":
                    self.mark_copied(row)
                self.button_clicked.emit(kind, QPersistentModelIndex(index))
                return True
        return super().editorEvent(event, model, option, index)


def install(view: QAbstractItemView) -> tuple[ProgressDelegate, UrlDelegate]:
    from app.ui.table.columns import Column

    progress, url = ProgressDelegate(view), UrlDelegate(view)
    view.setItemDelegate(RowDelegate(view))  # the other columns
    view.setItemDelegateForColumn(Column.STATUS, progress)
    view.setItemDelegateForColumn(Column.URL, url)
    return progress, url
