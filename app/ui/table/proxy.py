"""What the list shows of the model: all, active or expired rows, and a search over them.

Not a QSortFilterProxyModel: that one asks a Python ``filterAcceptsRow`` once per row whenever
the list is laid out again (a sort, a filter switch), 100,000 calls into Python for a long
history even with no filter at all. Here the rows shown are a list of the model's positions,
worked out in one pass over the rows when the filter changes and swapped in at once; with no
filter there is no list at all (the proxy's rows are the model's), so a sort or Select all on
the whole history costs nothing here. The model sorts (see ``UploadsModel.sort``); this proxy
keeps its order, so its list of positions always rises.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.ui.table.columns import Column, Index
from app.ui.table.model import UploadsModel
from app.ui.table.rows import Row

_COLUMNS = len(Column)


def row_filter(mode: str, needle: str, now: datetime) -> Callable[[Row], bool] | None:
    """Whether a row is shown (None: every row is). One clock reading serves a whole pass: no
    row expires between two refilters (the countdown's tick refilters when one does)."""
    if mode == FilterProxy.ALL and not needle:
        return None
    want_expired = mode == FilterProxy.EXPIRED

    def accepts(row: Row) -> bool:
        if mode != FilterProxy.ALL:
            expires = row.expires_at
            expired = row.url is not None and expires is not None and now >= expires
            if expired != want_expired:
                return False
        if needle:
            return needle in row.name.casefold() or needle in (row.url or "").casefold()
        return True

    return accepts


class FilterProxy(QAbstractProxyModel):
    """All / active / expired, and a search over names and URLs."""

    ALL, ACTIVE, EXPIRED = "all", "active", "expired"

    def __init__(self, source: UploadsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._mode = self.ALL
        self._needle = ""
        self._now = source.clock()
        self._accepts: Callable[[Row], bool] | None = None
        self._shown: list[int] | None = None  # the model's positions shown; None: all of them
        self._where: dict[int, int] | None = None  # position -> proxy row, made when first asked
        self._held: list[tuple[QModelIndex, QPersistentModelIndex]] = []
        self._leaving: tuple[int, int] | None = None
        self.filter_passes = 0  # how many times every row was looked at (the tests count them)
        self.setSourceModel(source)
        source.rowsAboutToBeInserted.connect(self._before_insert)
        source.rowsInserted.connect(self._inserted)
        source.rowsAboutToBeRemoved.connect(self._before_remove)
        source.rowsRemoved.connect(self._removed)
        source.dataChanged.connect(self._data_changed)
        source.layoutAboutToBeChanged.connect(self._before_layout)
        source.layoutChanged.connect(self._after_layout)
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._reset)
        source.headerDataChanged.connect(self.headerDataChanged)

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        self._mode = mode
        self.refilter()

    def set_search(self, needle: str) -> None:
        self._needle = needle.strip().casefold()
        self.refilter()

    def refilter(self) -> None:
        """Work out the rows shown again, and swap them in as one change of layout: the
        selection and the current row stay on the rows still shown."""
        self.layoutAboutToBeChanged.emit()
        self._hold()
        self._filter()
        self._release()
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)  # the model sorts; this proxy keeps its order

    # The mapping ---------------------------------------------------------------------------------

    def _filter(self) -> None:
        self._now = self._source.clock()
        self._accepts = row_filter(self._mode, self._needle, self._now)
        self._where = None
        if self._accepts is None:
            self._shown = None
            return
        self.filter_passes += 1
        rows = self._source.rows
        if self._needle:
            accepts = self._accepts
            self._shown = [i for i, row in enumerate(rows) if accepts(row)]
            return
        # A switch of the filter alone: the test written out, no call per row (twice as fast).
        now, expired = self._now, self._mode == self.EXPIRED
        self._shown = [
            i
            for i, r in enumerate(rows)
            if (r.url is not None and r.expires_at is not None and now >= r.expires_at) == expired
        ]

    def _reverse(self) -> dict[int, int]:
        if self._where is None:
            self._where = {p: i for i, p in enumerate(self._shown or ())}
        return self._where

    def _span(self, first: int, last: int) -> tuple[int, int]:
        """The proxy rows [start, end) of the model's rows first..last (the list rises)."""
        if self._shown is None:
            return first, last + 1
        return bisect_left(self._shown, first), bisect_left(self._shown, last + 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self._source.rowCount() if self._shown is None else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._source.columnCount()

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < self.rowCount() or not 0 <= column < _COLUMNS:
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.rowCount() > 0

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if self._shown is not None:
            if row >= len(self._shown):
                return QModelIndex()
            row = self._shown[row]
        return self._source.index(row, proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row: int | None = source_index.row()
        if self._shown is not None:
            row = self._reverse().get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self._source.data(self.mapToSource(index), role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._source.flags(self.mapToSource(index))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return self._source.headerData(section, orientation, role)

    def source_rows(self, selection: QItemSelection) -> list[int]:
        """The model's rows of a selection in this proxy, from its ranges: "Select all" on
        100,000 rows is one range. (Qt's mapSelectionToSource splits it into one per cell.)"""
        rows: list[int] = []
        for i in range(selection.count()):
            span = selection.at(i)
            rows.extend(range(span.top(), span.bottom() + 1))
        if self._shown is None:
            return rows
        shown = self._shown
        return [shown[r] for r in rows if r < len(shown)]

    def shows_all(self) -> bool:
        """Whether every row of the model is shown, in the model's order."""
        return self._shown is None

    # Following the model -------------------------------------------------------------------------

    def _hold(self) -> None:
        """Before a change of layout: the model's row under each of our persistent indexes."""
        self._held = [
            (i, QPersistentModelIndex(self.mapToSource(i))) for i in self.persistentIndexList()
        ]

    def _release(self) -> None:
        old, new = [], []
        for mine, theirs in self._held:
            old.append(mine)  # our persistent indexes still point where they did
            new.append(self.mapFromSource(theirs))
        self._held = []
        if old:
            self.changePersistentIndexList(old, new)

    def _before_layout(self, *_: object) -> None:
        self.layoutAboutToBeChanged.emit()
        self._hold()

    def _after_layout(self, *_: object) -> None:
        if self._shown is not None:
            self._filter()  # the model's order changed: the shown positions with it
        self._release()
        self.layoutChanged.emit()

    def _reset(self) -> None:
        self._filter()
        self.endResetModel()

    def _before_insert(self, parent: Index, first: int, last: int) -> None:
        # With a filter, which new rows are shown is known only once they are in (below).
        if self._shown is None:
            self.beginInsertRows(QModelIndex(), first, last)

    def _inserted(self, parent: Index, first: int, last: int) -> None:
        if self._shown is None:
            self.endInsertRows()
            return
        accepts = self._accepts
        assert accepts is not None
        rows = self._source.rows
        new = [p for p in range(first, last + 1) if accepts(rows[p])]
        count = last - first + 1
        at = bisect_left(self._shown, first)
        if not new:
            self._shown[at:] = [p + count for p in self._shown[at:]]
            self._where = None
            return
        self.beginInsertRows(QModelIndex(), at, at + len(new) - 1)
        self._shown[at:] = new + [p + count for p in self._shown[at:]]
        self._where = None
        self.endInsertRows()

    def _before_remove(self, parent: Index, first: int, last: int) -> None:
        start, end = self._span(first, last)
        self._leaving = (start, end)
        if end > start:
            self.beginRemoveRows(QModelIndex(), start, end - 1)

    def _removed(self, parent: Index, first: int, last: int) -> None:
        assert self._leaving is not None
        start, end = self._leaving
        self._leaving = None
        if self._shown is not None:
            count = last - first + 1
            self._shown[start:] = [p - count for p in self._shown[end:]]
            self._where = None
        if end > start:
            self.endRemoveRows()

    def _data_changed(self, top_left: Index, bottom_right: Index, roles: Any = ()) -> None:
        first, last = top_left.row(), bottom_right.row()
        if self._shown is not None:
            self._follow_filter(first, last)
        start, end = self._span(first, last)
        if end > start:
            self.dataChanged.emit(
                self.index(start, top_left.column()), self.index(end - 1, bottom_right.column())
            )

    def _follow_filter(self, first: int, last: int) -> None:
        """Changed rows that no longer pass go, rows that now pass come (an upload's URL can
        match the search once it is done)."""
        accepts = self._accepts
        assert accepts is not None and self._shown is not None
        rows = self._source.rows
        for position in range(first, min(last, len(rows) - 1) + 1):
            at = bisect_left(self._shown, position)
            shown = at < len(self._shown) and self._shown[at] == position
            if accepts(rows[position]) == shown:
                continue
            if shown:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._shown[at]
                self._where = None
                self.endRemoveRows()
            else:
                self.beginInsertRows(QModelIndex(), at, at)
                self._shown.insert(at, position)
                self._where = None
                self.endInsertRows()
