"""Renew: links about to expire get new ones from the same files (app/core/renewal.py checks).

A renewal is an ordinary upload with a row of its own while it runs; when it is done, the history
folds it into the renewed row (which keeps its old URL among its earlier URLs) and the list keeps
one row: the new one, standing in for the old. Checking the files (hashing them whole) runs in a
worker thread, so renewing a hundred rows costs the window only the rows it adds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.events import JobDone
from app.core.history import EarlierUrl, History, Record
from app.core.media import Media
from app.core.reasons import Reason
from app.core.renewal import Unrenewable, check_for_renewal
from app.ui.table.rows import SOON, Row, can_renew

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")


class Renewer(QObject):
    # [(row, Reason)]: rows whose file is gone or changed; the window offers to pick it again.
    refused = Signal(list)
    earlier_known = Signal()  # a row's earlier URLs were read: the details can show them
    renewed = Signal(int)  # how many rows a batch of renewals has queued

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self._owners: dict[int, Row] = {}  # renewal job id -> the row it renews
        self._earlier: dict[int, list[EarlierUrl]] = {}  # record id -> cached earlier URLs
        self.c.news.bridge.job_finished.connect(self._on_job_finished)
        # Renewed rows leave the list together: each removal re-indexes the whole list (10,000
        # history rows: a few ms), so a hundred renewals finishing close together pay it once.
        self._leaving: list[Row] = []
        self._leave = QTimer(self)
        self._leave.setSingleShot(True)
        self._leave.setInterval(100)
        self._leave.timeout.connect(self._remove_renewed)

    # What may be renewed ------------------------------------------------------------------------

    def expiring(self, within: timedelta) -> list[Row]:
        now = self.c.clock()
        leaving = set(self._leaving)
        return self.c.model.find(lambda r: can_renew(r, now, within) and r not in leaving)

    def renewable(self, rows: Iterable[Row]) -> list[Row]:
        now = self.c.clock()
        busy = set(self._owners.values()) | set(self._leaving)
        return [r for r in rows if can_renew(r, now) and r not in busy]

    # Commands -----------------------------------------------------------------------------------

    def renew(self, rows: Iterable[Row], *, within: timedelta = SOON) -> int:
        """Check the files behind these rows off the GUI thread, then queue their renewals."""
        now = self.c.clock()
        busy = set(self._owners.values()) | set(self._leaving)
        rows = list(rows)
        chosen = [r for r in rows if can_renew(r, now, within) and r not in busy]
        if rows and not chosen:
            self.c.message.emit(
                self.tr(
                    "Renew is for links that still work and have less than a day left; "
                    "Re-upload gives any other file a new link."
                )
            )
        if chosen and self.c.history is not None:
            self.c.message.emit(self.tr("Checking %n file(s) to renew…", "", len(chosen)))
            self.c.spawn(self._renew(chosen))
        return len(chosen)

    def renew_expiring(self, within: timedelta) -> int:
        return self.renew(self.expiring(within), within=within)

    def pick_again(self, row: Row, path: str) -> None:
        """The person chose where the file is now: check that one and renew from it."""
        self.c.spawn(self._renew([row], {row.record_id or 0: path}))

    async def _renew(self, rows: Sequence[Row], picked: dict[int, str] | None = None) -> None:
        history = self.c.history
        if history is None:
            return
        ids = [row.record_id for row in rows]

        def read(h: History) -> list[Record | None]:  # on the engine's thread, where it lives
            return [h.get(rid) if rid is not None else None for rid in ids]

        found = await asyncio.wrap_future(history.ask(read))
        records = [(row, rec) for row, rec in zip(rows, found, strict=True) if rec is not None]
        paths = picked or {}

        def check_all() -> list[Media | Unrenewable]:
            return [check_for_renewal(rec, paths.get(rec.id)) for _row, rec in records]

        results = await asyncio.get_running_loop().run_in_executor(None, check_all)
        ready: list[tuple[Row, Media]] = []
        refused: list[tuple[Row, Reason]] = []
        for (row, _record), result in zip(records, results, strict=True):
            if isinstance(result, Unrenewable):
                refused.append((row, result.why))
            elif row.record_id is not None and row in self.c.model.rows:
                ready.append((row, result))
        if ready:
            new_rows = self.c.enqueue(media for _row, media in ready)
            for (row, _media), new in zip(ready, new_rows, strict=True):
                if new.job_id is not None:
                    self._owners[new.job_id] = row
            self.renewed.emit(len(new_rows))
        if refused:
            self.refused.emit(refused)

    def _on_job_finished(self, event: JobDone) -> None:
        old = self._owners.pop(event.job_id, None)
        new = self.c.model.by_job(event.job_id)
        history = self.c.history
        if old is None or new is None or history is None or event.record is None:
            return  # not a renewal, or its row went; the upload stands as a row of its own
        self.c.spawn(self._fold(old, new, event.record.id))

    async def _fold(self, old: Row, new: Row, new_id: int) -> None:
        history = self.c.history
        if history is None:
            return
        old_id = old.record_id or 0
        try:
            folded = await asyncio.wrap_future(
                history.ask(lambda h: h.fold_renewal(old_id, new_id))
            )
        except Exception:  # a locked history: both rows stay, both URLs work
            log.exception("could not fold a renewal into its row")
            return
        if folded is None:
            return
        self._earlier.pop(folded.id, None)
        new.record_id = folded.id
        new.uploaded_at, new.expires_at = folded.uploaded_at, folded.expires_at
        self._leaving.append(old)
        if not self._leave.isActive():  # at most every 100 ms, even in a steady stream
            self._leave.start()
        self.c.model.changed([new])

    def _remove_renewed(self) -> None:
        leaving, self._leaving = self._leaving, []
        self.c.model.remove(leaving)  # rows already gone (removed by the person) are skipped

    # Details ------------------------------------------------------------------------------------

    def earlier_urls(self, row: Row) -> list[EarlierUrl]:
        """The URLs the row had before it was renewed, while they still work."""
        history, rid = self.c.history, row.record_id
        if history is None or rid is None:
            return []
        now = self.c.clock()
        if rid not in self._earlier:
            # Read on the engine's thread; the details show them once they are known.
            self._earlier[rid] = []
            self.c.spawn(self._load_earlier(rid, now))
            return []
        return [e for e in self._earlier[rid] if e.expires_at > now]

    async def _load_earlier(self, rid: int, now: datetime) -> None:
        history = self.c.history
        if history is None:
            return
        try:
            found = await asyncio.wrap_future(
                history.ask(lambda h: h.earlier_urls([rid], now).get(rid, []))
            )
        except Exception:
            log.exception("could not read earlier URLs")
            return
        self._earlier[rid] = found
        if found:
            self.earlier_known.emit()
