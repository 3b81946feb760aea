"""What the list shows of the model: all, active or expired rows, and a search over them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt

from app.ui.table.columns import SORT_ROLE, Index
from app.ui.table.model import UploadsModel


class FilterProxy(QSortFilterProxyModel):
    """All / active / expired, and a search over names and URLs."""

    ALL, ACTIVE, EXPIRED = "all", "active", "expired"

    def __init__(self, source: UploadsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self.setSortRole(SORT_ROLE)
        self._mode = self.ALL
        self._needle = ""
        # The moment the filter was last set: no row expires between two refilters (the
        # countdown's tick refilters when one does), so one clock reading serves a whole pass.
        self._now = source.clock()

    @property
    def mode(self) -> str:
        return self._mode

    def _change(self, change: Callable[[], None]) -> None:
        self._now = self._source.clock()
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+, where invalidateRowsFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover (older Qt)
            change()
            self.invalidateRowsFilter()

    def set_mode(self, mode: str) -> None:
        self._change(lambda: setattr(self, "_mode", mode))

    def set_search(self, needle: str) -> None:
        self._change(lambda: setattr(self, "_needle", needle.strip().casefold()))

    def refilter(self) -> None:
        self._change(lambda: None)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source model sorts (see UploadsModel.sort); this proxy keeps its order.
        source = self.sourceModel()
        assert isinstance(source, UploadsModel)
        source.sort(column, order)

    def source_rows(self, selection: QItemSelection) -> list[int]:
        """The source rows of a selection in this proxy, from its ranges: "Select all" on 10,000
        rows is one range. (Qt's mapSelectionToSource splits it into one range per cell.)"""
        rows: list[int] = []
        for i in range(selection.count()):
            span = selection.at(i)
            rows.extend(range(span.top(), span.bottom() + 1))
        if self.rowCount() == self.sourceModel().rowCount():
            return rows  # nothing filtered out, and this proxy never sorts: the same rows
        return [self.mapToSource(self.index(r, 0)).row() for r in rows]

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called for every row whenever the list is laid out again: as little as possible here.
        row = self._source.row_at(source_row)
        if self._mode != self.ALL:
            expires = row.expires_at
            expired = row.url is not None and expires is not None and self._now >= expires
            if expired != (self._mode == self.EXPIRED):
                return False
        if self._needle:
            return self._needle in row.name.casefold() or self._needle in (row.url or "").casefold()
        return True
