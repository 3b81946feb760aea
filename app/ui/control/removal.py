"""Removing rows, with Undo: the rows leave the list at once, their history entries only when
the notice that offers Undo goes (dismissed, replaced by the next removal, or the app closing).

Until then Undo puts the rows back where they were. Uploads still running are cancelled at once
(their rows come back as Cancelled, with Retry).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.ui.table.rows import Row, RowState

if TYPE_CHECKING:
    from app.core.history import History
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")


class Removal(QObject):
    removed = Signal(int)  # how many rows went; the window offers Undo until commit()

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.held: list[Row] = []  # out of the list, still in the history

    def remove(self, rows: Iterable[Row]) -> int:
        rows = list(rows)
        if not rows:
            return 0
        self.commit()  # an earlier removal's Undo goes with its notice
        c = self.c
        c.cancel(rows)
        for row in rows:
            if row.state.active:  # the engine's word on it finds no row: said here, for Undo
                row.state, row.retry_at = RowState.CANCELLED, None
            if row in c.news.batch:
                c.news.batch.remove(row)
        c.model.remove(rows)
        c.totals_changed.emit()
        self.held = rows
        self.removed.emit(len(rows))
        return len(rows)

    def undo(self) -> int:
        rows, self.held = self.held, []
        if rows:
            self.c.model.restore(rows)
            self.c.totals_changed.emit()
        return len(rows)

    def commit(self) -> None:
        """The held rows leave the history too (the notice with Undo has gone)."""
        rows, self.held = self.held, []
        history = self.c.history
        gone = [row.record_id for row in rows if row.record_id is not None]
        if history is not None and gone:

            def remove(h: History) -> None:  # on the engine's thread, where the history lives
                for record_id in gone:
                    try:
                        h.remove(record_id)
                    except Exception:
                        log.exception("could not remove a history row")

            history.post(remove)
        for row in rows:
            with contextlib.suppress(Exception):
                self.c.news.forget_pending(row)
