"""The upload list as a table model: every row's state lives here and nowhere else.

Views ask for what they paint; nothing is computed for rows nobody looks at. Countdowns are worked
out at paint time from the clock, so the one refresh timer only has to say "repaint these cells".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from app.core.escape import escape_controls
from app.ui.desktop import icons
from app.ui.table import media_text
from app.ui.table.columns import ROW_ROLE, SORT_ROLE, STATE_ORDER, Column, Index
from app.ui.table.rows import Row, RowState
from app.ui.table.thumbs import ThumbnailCache
from app.ui.words import reasons, text

_COLUMNS = len(Column)
_KIND_ICONS = {"image": "image", "video": "video", "audio": "audio"}
_STATE_ICONS = {
    RowState.DONE: "done",
    RowState.FAILED: "failed",
    RowState.REFUSED: "failed",
    RowState.INTERRUPTED: "warning",
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


class UploadsModel(QAbstractTableModel):
    def __init__(
        self,
        parent: Any = None,
        *,
        clock: Callable[[], datetime] = _utcnow,
        loop_time: Callable[[], float] = time.monotonic,
        thumbs: ThumbnailCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.loop_time = loop_time
        self._rows: list[Row] = []
        self._index: dict[int, int] = {}  # uid -> position
        self._jobs: dict[int, Row] = {}
        self._paths: dict[str, list[Row]] = {}
        # The order rows came in (newest at the top), to go back to when a sort is undone.
        self._arrival: dict[int, int] = {}
        self._top = self._bottom = 0
        self._sort: tuple[Column, Qt.SortOrder] | None = None
        # No row expires before this moment (a filter on expiry is right until then).
        self.next_expiry: datetime | None = None
        self.thumbs = thumbs
        self.pixel_ratio = 2.0  # status marks are drawn for HiDPI and scaled down elsewhere
        self.waiting_for_key = False  # queued rows wait for a key, not for their turn
        self.fold_expiry = False  # a narrow window hides the Expires column: say it in Status
        if thumbs is not None:
            thumbs.ready.connect(self._on_thumbnail_ready)

    # Qt's model interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        # A constant, not len(Column): Qt asks this for every selected cell on each repaint.
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return (
            self.tr("Name"),
            self.tr("Size"),
            self.tr("Type"),
            self.tr("Status"),
            self.tr("Public URL"),
            self.tr("Expires in"),
        )[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self._rows) and self._rows[index.row()].is_live(self.clock()):
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # a finished row drags out as its URL
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.NAME:
            return self.sentence(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.STATUS:
            return f"{self.status_text(row)}, {self.progress_text(row)}"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole and column == Column.EXPIRES:
            if row.expires_soon(self.clock()):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SIZE, Column.EXPIRES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # What each cell says -------------------------------------------------------------------------

    def status_text(self, row: Row) -> str:
        state = row.state
        if (media_words := media_text.status(row)) is not None:
            return media_words
        if state is RowState.QUEUED:
            if self.waiting_for_key:
                return self.tr("Waiting for the API key")
            return self.tr("Queued")
        if state is RowState.UPLOADING:
            return self.tr("Uploading")
        if state is RowState.RETRYING:
            wait = max(0, round((row.retry_at or 0) - self.loop_time()))
            return self.tr("Retrying in %1 s").replace("%1", str(wait))
        if state is RowState.DONE:
            if row.is_expired(self.clock()):
                return self.tr("Expired")
            if self.fold_expiry and row.expires_at is not None:
                left = text.countdown(row.expires_at - self.clock())
                return self.tr("Done · %1 left").replace("%1", left)
            return self.tr("Done")
        if state is RowState.CANCELLED:
            return self.tr("Cancelled")
        if state is RowState.INTERRUPTED:
            return self.tr("Interrupted: the app closed before this finished")
        if state is RowState.REFUSED:
            return self.tr("Not added: %1").replace("%1", self.reason(row))
        return self.tr("Failed: %1").replace("%1", self.reason(row))

    def reason(self, row: Row) -> str:
        """Why, worded; names and server words in it show no control or bidi character."""
        return escape_controls(reasons.render(row.message))

    def sentence(self, row: Row) -> str:
        """The row as a screen reader says it: "photo.png, done, expires in 6 days 23 hours"."""
        parts = [row.name, self.status_text(row)]
        if row.state.active:
            parts.append(self.progress_text(row))
        if row.expires_at is not None and row.is_live(self.clock()):
            left = text.countdown_words(row.expires_at - self.clock())
            parts.append(self.tr("expires in %1").replace("%1", left))
        return ", ".join(parts)

    def progress_text(self, row: Row) -> str:
        """The line under the bar: "42 % · 3.1 MB/s · 12 s left"."""
        parts = [f"{row.fraction * 100:.0f} %"]
        if row.state is RowState.UPLOADING:
            rate = row.meter.speed()
            if rate:
                parts.append(text.speed(rate))
                left = row.meter.time_left(row.size or 0)
                if left is not None:
                    parts.append(self.tr("%1 left").replace("%1", text.duration(left)))
        return " · ".join(parts)

    def _display(self, row: Row, column: Column) -> Any:
        if column == Column.NAME:  # a U+202E in a name must not show "exe.png" for "gnp.exe"
            return escape_controls(row.name)
        if column == Column.SIZE:
            return text.size(row.size) if row.size is not None else ""
        if column == Column.KIND:
            return media_text.kind_cell(row)
        if column == Column.STATUS:
            if row.state is RowState.UPLOADING:  # the bar says "uploading"; the line says how
                return self.progress_text(row)
            if row.state is RowState.FITTING:
                return media_text.fit_progress(row)
            if row.state is RowState.RETRYING:
                return f"{self.status_text(row)} · {self.progress_text(row)}"
            return self.status_text(row)
        if column == Column.URL:
            return row.url or ""
        if row.expires_at is None:
            return ""
        return text.countdown(row.expires_at - self.clock())

    def _sort_key(self, row: Row, column: Column) -> Any:
        if column == Column.SIZE:
            return row.size or 0
        if column == Column.STATUS:  # a number: Qt cannot order Python tuples
            return STATE_ORDER.index(row.state) + row.fraction
        if column == Column.EXPIRES:
            return row.expires_at.timestamp() if row.expires_at else float("inf")
        return str(self._display(row, column)).casefold()

    def _tooltip(self, row: Row, column: Column) -> Any:
        if column == Column.STATUS and row.message:
            return text.plain_tooltip(reasons.render(row.message))
        if column == Column.URL and row.url:
            lines = self.tr("%1\nDouble-click or press Ctrl+C to copy.").split("\n")
            return text.plain_tooltip(*(line.replace("%1", row.url) for line in lines))
        if column == Column.EXPIRES and row.expires_at:
            return self.tr("Works until %1").replace("%1", text.local_time(row.expires_at))
        if column == Column.NAME and row.path:
            return text.plain_tooltip(row.path, *media_text.tooltip_lines(row))
        return None

    def _decoration(self, row: Row, column: Column) -> Any:
        if column == Column.NAME:
            if row.kind in ("image", "video") and row.path and self.thumbs is not None:
                thumb = self.thumbs.get(row.path)
                if thumb is not None:
                    return thumb
            return icons.icon(_KIND_ICONS.get(row.kind, "file"))
        if column == Column.STATUS:
            if row.state is RowState.DONE and row.is_expired(self.clock()):
                return None
            name = _STATE_ICONS.get(row.state)
            # A small mark beside the words, not the 40 px the thumbnails get.
            return icons.pixmap(name, 18, self.pixel_ratio) if name else None
        return None

    def _foreground(self, row: Row, column: Column) -> Any:
        palette = QGuiApplication.palette()
        if row.is_expired(self.clock()) or row.state is RowState.CANCELLED:
            return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if column == Column.EXPIRES and row.expires_soon(self.clock()):
            return QColor("#D97706")
        if column == Column.STATUS and row.state in (RowState.FAILED, RowState.REFUSED):
            return (
                QColor("#DC2626")
                if palette.window().color().lightness() > 128
                else QColor("#F87171")
            )
        return None

    # Changes -------------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    def row_at(self, position: int) -> Row:
        return self._rows[position]

    def position(self, row: Row) -> int | None:
        return self._index.get(row.uid)

    def find(self, predicate: Callable[[Row], bool]) -> list[Row]:
        return [row for row in self._rows if predicate(row)]

    def by_job(self, job_id: int) -> Row | None:
        return self._jobs.get(job_id)

    def note_job(self, row: Row) -> None:
        """A row already listed got its job (a fitted file queued on its row)."""
        if row.job_id is not None:
            self._jobs[row.job_id] = row

    def _reindex(self) -> None:
        self._index = {row.uid: i for i, row in enumerate(self._rows)}
        # Engine events name jobs, thumbnails name paths: dicts keep each O(1) in a long list.
        self._jobs = {row.job_id: row for row in self._rows if row.job_id is not None}
        self._paths = {}
        for row in self._rows:
            if row.path:
                self._paths.setdefault(row.path, []).append(row)

    def insert(self, rows: Sequence[Row], *, at_top: bool = True) -> None:
        if not rows:
            return
        first = 0 if at_top else len(self._rows)
        for row in reversed(rows) if at_top else rows:
            if at_top:
                self._top -= 1
            else:
                self._bottom += 1
            self._arrival[row.uid] = self._top if at_top else self._bottom
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows[first:first] = list(rows)
        self._reindex()
        self.endInsertRows()
        self._note_expiries(rows)
        if self._sort is not None:
            self._apply_sort()  # new rows take their place in the order the person chose

    # Sorting -------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here by a key computed once per row. A sort in the filter proxy asks the model
        for two keys per comparison through Qt: 260,000 calls into Python for 10,000 rows."""
        self._sort = (Column(column), order) if 0 <= column < len(Column) else None
        self._apply_sort()

    def _apply_sort(self) -> None:
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        if self._sort is None:
            self._rows.sort(key=lambda r: self._arrival.get(r.uid, 0))
        else:
            column, order = self._sort
            self._rows.sort(
                key=lambda r: self._sort_key(r, column),
                reverse=order == Qt.SortOrder.DescendingOrder,
            )
        self._reindex()
        old = self.persistentIndexList()
        new = [self.index(self._index[before[i.row()].uid], i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # Expiry --------------------------------------------------------------------------------------

    def _note_expiries(self, rows: Iterable[Row]) -> None:
        now = self.clock()
        for row in rows:
            at = row.expires_at
            if (
                row.url
                and at is not None
                and at > now
                and (self.next_expiry is None or at < self.next_expiry)
            ):
                self.next_expiry = at

    def expiry_passed(self) -> bool:
        """Whether a row expired since the last call: only then does a filter on expiry change.

        Keeps the next moment a row expires, so the countdown's tick checks one date, not every
        row; the whole list is looked at again only when that moment has passed.
        """
        now = self.clock()
        if self.next_expiry is None or now < self.next_expiry:
            return False
        self.next_expiry = None
        self._note_expiries(self._rows)
        return True

    def remove(self, rows: Iterable[Row]) -> None:
        positions = sorted({p for r in rows if (p := self._index.get(r.uid)) is not None})
        # Contiguous runs from the bottom up, so earlier positions stay valid.
        while positions:
            last = positions.pop()
            first = last
            while positions and positions[-1] == first - 1:
                first = positions.pop()
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._arrival.clear()
        self._index.clear()
        self._jobs.clear()
        self._paths.clear()
        self.endResetModel()

    def changed(
        self, rows: Iterable[Row], first: Column = Column.NAME, last: Column = Column.EXPIRES
    ) -> None:
        """One dataChanged per run of adjacent rows: a span over rows far apart would make the
        filter proxy re-check every row in between, thousands of them in a long history."""
        rows = list(rows)
        self._note_expiries(rows)
        positions = sorted({p for r in rows if (p := self._index.get(r.uid)) is not None})
        start = 0
        for i in range(1, len(positions) + 1):
            if i == len(positions) or positions[i] != positions[i - 1] + 1:
                self.dataChanged.emit(
                    self.index(positions[start], first), self.index(positions[i - 1], last)
                )
                start = i

    def refresh_cells(self, positions: Iterable[int], first: Column, last: Column) -> None:
        rows = [self._rows[p] for p in positions if 0 <= p < len(self._rows)]
        self.changed(rows, first, last)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )

    def _on_thumbnail_ready(self, path: str) -> None:
        self.changed(self._paths.get(path, ()), Column.NAME, Column.NAME)
