"""The history in the list: which file, opening it, reading its rows in, and its disk syncs.

The controller owns the open History (the engine writes to it, on the engine's thread, where the
connection lives); this reads past uploads and files a crash interrupted into the list model, and
never lets a damaged or busy file stop the window. No SQL runs on the window's thread.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.history import History, HistoryError, open_history
from app.core.reasons import Reason
from app.core.worker import HistoryProxy
from app.ui.table.rows import Row
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")

# Every past upload is in the list, so search and the filters find any of them (at 100,000 rows
# the list holds about 150 MB; benchmarks/busy_figures.py list). A bound all the same: a history
# of millions would want the list to read pages from SQL instead.
HISTORY_ROWS = 1_000_000
HISTORY_BATCH = 2_500


class HistoryRows(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller

    def path(self) -> Path:
        # Demo uploads live with the demo service's files: their URLs work only on this computer
        # and must never be offered as live links in the real history.
        c = self.c
        return c.paths.data / "demo-server" / "history.sqlite3" if c.demo else c.paths.history

    def open(self, path: Path) -> HistoryProxy | None:
        """Opened on the engine's thread, whose connection it stays (the window waits)."""
        # A damaged file is kept aside, never fatal; the window folds the log in itself.
        history, problem = self.c.worker.call(lambda: open_history(path, manual_checkpoints=True))
        if problem:
            log.warning("history: %s", problem)  # the English details, paths and all
            self.c.problems.append(reasons.render(problem))
        return None if history is None else HistoryProxy(self.c.worker, history)

    def load(self) -> None:
        c = self.c
        if c.history is not None:

            def read(h: History) -> tuple[list[Row], int]:
                before = h.damaged_rows
                rows = [Row.from_pending(p) for p in h.pending()]
                rows += [Row.from_record(r) for r in h.recent(limit=HISTORY_ROWS)]
                return rows, h.damaged_rows - before

            try:
                rows, damaged = c.history.ask(read).result()
            except HistoryError as exc:  # found past the start-up check: start all the same
                log.warning("%s", exc)
                c.problems.append(str(exc))
                return
            if damaged:
                c.problems.append(damaged_text(damaged))
            c.model.insert(rows, at_top=False)

    async def load_in_thread(self) -> None:
        """The same, read on a connection of its own in a worker thread: 10,000 rows took about
        100 ms of the GUI thread. Only putting them in the list is left to it."""
        c = self.c
        if c.history is None:
            return
        path = c.history.path

        damaged = 0

        def read() -> list[Row]:
            nonlocal damaged
            reader = History(path)
            try:
                rows = [Row.from_pending(p) for p in reader.pending()]
                rows += [Row.from_record(r) for r in reader.each_recent(HISTORY_ROWS)]
                damaged = reader.damaged_rows
            finally:
                reader.close()
            return rows

        try:
            rows = await asyncio.get_running_loop().run_in_executor(None, read)
        except HistoryError as exc:  # found past the start-up check: start all the same
            log.warning("%s", exc)
            c.notice.emit(str(exc))
            return
        if damaged:  # skipped, the rest shown: said once, with how many
            c.notice.emit(damaged_text(damaged))
        # Files added meanwhile are in the list already (and may be in what was read).
        records = {r.record_id for r in c.model.rows if r.record_id is not None}
        pendings = {r.pending_id for r in c.model.rows if r.pending_id is not None}
        fresh = [r for r in rows if r.record_id not in records and r.pending_id not in pendings]
        # A few thousand at a time, the loop turning in between: the filter proxy maps each row.
        for start in range(0, len(fresh), HISTORY_BATCH):
            c.model.insert(fresh[start : start + HISTORY_BATCH], at_top=False)
            await asyncio.sleep(0)

    def switch_to_demo(self) -> None:
        """The list shows the demo's own history; files waiting for a key go to the demo."""
        c = self.c
        waiting = c.model.find(lambda r: r.state.active)
        for row in waiting:
            c.news.forget_pending(row)
        c.engine.history = None  # first, on the engine's thread: no write meets a closed file
        if c.history is not None:
            c.history.close()
        c.demo = True
        c.history = self.open(self.path())
        c.engine.history = c.history.target if c.history is not None else None
        c.model.clear()
        self.load()
        c.news.remember_pending(waiting)
        c.model.insert(waiting)

    def switch_to_live(self) -> None:
        """Out of demo mode: the list shows the real history again."""
        c = self.c
        c.engine.history = None  # first, on the engine's thread: no write meets a closed file
        if c.history is not None:
            c.history.close()
        c.demo = False
        c.history = self.open(self.path())
        c.engine.history = c.history.target if c.history is not None else None
        c.model.clear()
        self.load()

    def checkpoint(self) -> None:
        """The history's disk sync, in a worker thread while nothing uploads (see History)."""
        history = self.c.history
        if history is None:
            return

        def run() -> None:
            assert history is not None
            try:
                history.checkpoint()
            except Exception:  # busy or gone: the next idle, or closing, folds the log in
                log.warning("history checkpoint failed", exc_info=True)

        threading.Thread(target=run, name="history checkpoint", daemon=True).start()


def damaged_text(count: int) -> str:
    """Rows skipped as damaged (issue 16, item 8): said once, with how many."""
    return reasons.render(Reason.of("history_rows_damaged", count=count))
