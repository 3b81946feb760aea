"""Engine news into rows: the upload engine's events change the rows of the list model.

The engine reports jobs by id; each piece of news finds its row, sets its state and asks the model
to repaint just the cells that changed. Queued files are noted in the history here too, so a
crash does not lose them.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.core.events import JobDone
from app.core.history import History
from app.core.reasons import Reason
from app.ui.control.bridge import EngineBridge
from app.ui.control.tally import Batch
from app.ui.control.unreachable import Unreachable
from app.ui.table.columns import Column
from app.ui.table.rows import Row, RowState
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")


class EngineNews(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.batch = Batch()
        self.last_batch = Batch()
        controller.model.watchers.append(lambda rows: self.batch.refresh(rows))
        self.bridge = EngineBridge(self)  # the controller's engine reports here once it is made
        self.bridge.job_started.connect(self._on_job_started)
        self.bridge.progress_changed.connect(self._on_progress)
        self.bridge.job_retrying.connect(self._on_job_retrying)
        self.bridge.job_finished.connect(self._on_job_finished)
        self.bridge.job_failed.connect(self._on_job_failed)
        self.bridge.job_cancelled.connect(self._on_job_cancelled)
        self.bridge.queue_paused.connect(self._on_queue_paused)
        self.bridge.queue_idle.connect(self._on_queue_idle)
        self.bridge.service_down.connect(lambda _why: self._sync_requeued())
        self.retry_tick = QTimer(self)
        self.retry_tick.setInterval(1000)
        self.retry_tick.timeout.connect(self._on_retry_tick)
        self.unreachable = Unreachable(controller)

    def stop(self) -> None:
        self.retry_tick.stop()

    def remember_pending(self, rows: Sequence[Row]) -> None:
        """Note queued files in the history (one transaction), so a crash does not lose them.

        Written on the engine's thread, which also sets (and, forgetting, clears) the rows'
        ``pending_id``: the history's commands run in order there, so a file forgotten right
        after it was remembered is forgotten after its id is known."""
        history = self.c.history
        if history is None:
            return
        rows = list(rows)
        queued_at = self.c.clock()

        def write(h: History) -> None:
            new = [row for row in rows if row.pending_id is None]
            try:
                ids = h.add_pending_many(
                    [(row.path or "", row.name, row.size or 0, row.mime) for row in new],
                    queued_at=queued_at,
                )
            except Exception:  # a busy history must not stop the uploads themselves
                log.exception("could not remember queued files")
                return
            for row, pending_id in zip(new, ids, strict=True):
                row.pending_id = pending_id

        history.post(write)

    def forget_pending(self, row: Row) -> None:
        history = self.c.history
        if history is None:
            row.pending_id = None
            return

        def drop(h: History) -> None:
            if row.pending_id is not None:
                with contextlib.suppress(Exception):
                    h.drop_pending(row.pending_id)
            row.pending_id = None

        history.post(drop)

    def _row(self, job_id: int) -> Row | None:
        return self.c.model.by_job(job_id)

    def _on_job_started(self, job_id: int) -> None:
        if (row := self._row(job_id)) is not None:
            if row.state is not RowState.RETRYING:
                row.attempt = 1
            row.state, row.retry_at, row.sent = RowState.UPLOADING, None, 0
            row.meter.reset()
            self.c.model.changed([row], Column.STATUS, Column.STATUS)
            self.c.totals_changed.emit()

    def _on_progress(self, updates: tuple[tuple[int, int, int], ...]) -> None:
        now = time.monotonic()
        rows = []
        for job_id, sent, _total in updates:
            if (row := self._row(job_id)) is not None:
                row.sent = sent
                row.meter.add(now, sent)
                rows.append(row)
        self.c.model.changed(rows, Column.STATUS, Column.STATUS)
        self.c.totals_changed.emit()

    def _on_job_retrying(self, job_id: int, delay: float, reason: Reason | str, retry: int) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.message = RowState.RETRYING, reason
            row.retry_at = time.monotonic() + delay
            # The bytes sent before the failure go again: the bar starts from zero, not full.
            row.sent, row.attempt = 0, retry + 1
            row.meter.reset()
            self.c.model.max_attempts = self.c.engine.options.retry.max_retries + 1
            self.unreachable.note(reason)
            self.c.model.loop_time = time.monotonic
            self.c.model.changed([row])
            self.c.totals_changed.emit()
            self.retry_tick.start()

    def _on_retry_tick(self) -> None:
        waiting = self.c.model.find(lambda r: r.state is RowState.RETRYING)
        if not waiting:
            self.retry_tick.stop()
        self.c.model.changed(waiting, Column.STATUS, Column.STATUS)

    def _on_job_finished(self, event: JobDone) -> None:
        row = self._row(event.job_id)
        if row is None:
            return
        row.state, row.url, row.message = RowState.DONE, event.public_url, ""
        self.unreachable.connected()
        row.sent = row.size or 0
        row.expires_at = event.expires_at
        row.uploaded_at = event.record.uploaded_at if event.record else self.c.clock()
        row.record_id = event.record.id if event.record else None
        self.forget_pending(row)
        self.c.model.changed([row])
        self.c.totals_changed.emit()
        if event.history_problem:
            self.c.notice.emit(reasons.render(event.history_why or event.history_problem))

    def _on_job_failed(self, job_id: int, reason: Reason | str) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.message, row.retry_at = RowState.FAILED, reason, None
            self.forget_pending(row)  # seen failing: not an upload a crash interrupted
            self.c.model.changed([row])
            self.c.totals_changed.emit()

    def _on_job_cancelled(self, job_id: int) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.retry_at = RowState.CANCELLED, None
            self.forget_pending(row)
            self.c.model.changed([row])
            self.c.totals_changed.emit()

    def _sync_requeued(self) -> None:
        """Jobs a refused key (or a service that is down) sent back to the queue say so only
        through the pause: each upload goes back quietly. Show those rows waiting."""
        from app.core.uploads import State  # the engine exists here, so its module is loaded

        moved = []
        for row in self.batch:
            job = self.c.engine.jobs.get(row.job_id or -1)
            waiting = row.state in (RowState.UPLOADING, RowState.RETRYING)
            if waiting and job is not None and job.state is State.QUEUED:
                row.state, row.sent, row.retry_at = RowState.QUEUED, 0, None
                moved.append(row)
        self.c.model.changed(moved)
        self.c.totals_changed.emit()

    def _on_queue_paused(self, reason: Reason | str) -> None:
        self._sync_requeued()
        if not self.c.client.has_key:
            reason = ""  # nothing was refused: there was no key to send
        self.c.key_needed.emit(reasons.render(reason))

    def _on_queue_idle(self) -> None:
        self.c.checkpoint_history()
        self._sync_requeued()
        if self.c.engine.paused is not None:
            return  # waiting for a key, not finished: the batch goes on after it
        batch, self.batch = self.batch, Batch()
        self.unreachable.reset()
        if not batch:
            return
        self.last_batch = batch
        result = self.c.batch_copy.finish(list(batch))  # the clipboard once, for the whole batch
        self.c.totals_changed.emit()
        if result.done or result.failed or result.copied:  # a batch cancelled whole: no "0 done"
            self.c.batch_finished.emit(result.done, result.failed)
