"""New rows into view: files just added, refused, re-uploaded, and uploads a crash interrupted.

With a saved sort ("Expires in", "Name") new rows take their place in that order, often below
the fold, and nothing on screen moved: the person could not tell the drop had worked. The list
scrolls to the first of them and selects them, so that they can be told from the rows around
them, unless the person has selected other rows since (their selection is theirs; the list then
only scrolls). New rows already in sight are left as they are.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView

from app.ui.table.model import UploadsModel
from app.ui.table.proxy import FilterProxy
from app.ui.table.rows import Row, RowState

if TYPE_CHECKING:
    from app.ui.table.view import UploadsView


#: Seconds within which new rows join the rows this just marked instead of replacing them.
JOINED = 1.5


class FollowNewRows(QObject):
    def __init__(self, view: UploadsView, proxy: FilterProxy, model: UploadsModel) -> None:
        super().__init__(view)
        self.view, self.proxy, self.model = view, proxy, model
        self._waiting: list[Row] = []
        self._selected_by_us: set[int] = set()  # row uids this selected; others are the person's
        self._selected_at = -1.0
        model.arrived.connect(self._on_arrived)

    def _on_arrived(self, rows: list[Row], at_top: bool) -> None:
        # From the history only the uploads a crash interrupted: they need the person's Retry.
        wanted = rows if at_top else [r for r in rows if r.state is RowState.INTERRUPTED]
        if not wanted:
            return
        if not self._waiting:  # after the model's sort and the proxy's filter: on the next turn
            QTimer.singleShot(0, self, self.reveal)
        self._waiting.extend(wanted)

    def _persons_selection(self) -> bool:
        selection = self.view.selectionModel()
        if selection is None or not selection.hasSelection():
            return False
        rows = self.view.selected_rows()
        return any(r.uid not in self._selected_by_us for r in rows)

    def reveal(self) -> None:
        rows, self._waiting = self._waiting, []
        positions = []
        for row in rows:
            at = self.model.position(row)
            if at is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(at, 0))
            if index.isValid():  # shown under the current search and filter
                positions.append(index.row())
        if not positions:
            return
        positions.sort()
        first = self.proxy.index(positions[0], 0)
        if self.view.viewport().rect().contains(self.view.visualRect(first)):
            return  # in sight already, where the person looks: nothing to move or mark
        # Mid-screen, not at its bottom edge: a notice arriving above the list next (the
        # batch's result) would push a row at the edge out of sight again.
        self.view.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
        if self._persons_selection():
            return
        selection = QItemSelection()
        start = previous = positions[0]
        for p in [*positions[1:], None]:
            if p is not None and p == previous + 1:
                previous = p
                continue
            last_column = self.proxy.columnCount() - 1
            selection.select(self.proxy.index(start, 0), self.proxy.index(previous, last_column))
            if p is not None:
                start = previous = p
        flags = QItemSelectionModel.SelectionFlag
        model = self.view.selectionModel()
        # One drop can arrive in parts (its refusals first, its uploads once the duplicate check
        # has answered from the engine's thread): parts that close together are marked together.
        now = time.monotonic()
        together = now - self._selected_at < JOINED and self.view.selectionModel().hasSelection()
        model.setCurrentIndex(first, flags.NoUpdate)
        model.select(selection, (flags.Select if together else flags.ClearAndSelect) | flags.Rows)
        self._selected_by_us = {r.uid for r in self.view.selected_rows()}
        self._selected_at = now
