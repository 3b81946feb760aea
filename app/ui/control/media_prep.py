"""Media work between the drop and the queue: cleaning, fitting, and what rows say about a file.

Cleaning runs in a worker thread and is quick (metadata blocks only). A file over its cap gets a
row of its own: with the setting "ask" it offers "Make it fit (about 95 MB, 1280×720, H.264)" and
waits for the button; with "fit" it starts at once. Fitting runs in a child process
(app/core/media/fitter.py), watched from a worker thread; its progress comes back to the GUI
thread through the loop. Cancel kills the child; quitting cancels every fit and removes this
process's copies; copies of finished uploads are removed as soon as they are done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from app.core.events import Event, JobDone
from app.core.media import Caps, Media, Refusal
from app.core.media.clean import clean
from app.core.media.fitter import Fit, FitProgress, offer
from app.core.media.plan import Plan
from app.core.media.prepare import is_over_cap, too_large
from app.core.media.scratch import Scratch
from app.core.reasons import Reason
from app.ui.table import media_text
from app.ui.table.rows import Row, RowState

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")

#: The caps a drop is checked against when files over them may still be made to fit.
UNCAPPED = Caps(image=2**62, video=2**62, audio=2**62)


def _in_own_thread(loop: asyncio.AbstractEventLoop, job: Fit) -> asyncio.Future[Media | Refusal]:
    """Run the fit's watcher in a daemon thread of its own, not the loop's executor: a loop that
    closes (at quit) waits for its executor's threads, and must not wait for a fit it killed."""
    future: asyncio.Future[Media | Refusal] = loop.create_future()

    def settle(outcome: Media | Refusal | BaseException) -> None:
        if future.done():
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def work() -> None:
        outcome: Media | Refusal | BaseException
        try:
            outcome = job.run()
        except BaseException as exc:  # handed to the awaiting task, which logs it
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=work, name="fit-watch", daemon=True).start()
    return future


class MediaPrep(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.caps = Caps()
        self.scratch = Scratch(controller.paths.cache)
        self._fits: dict[int, Fit] = {}  # row uid -> its running fit
        self._swept = False
        self._listening = False

    # Settings ------------------------------------------------------------------------------------

    def mode(self) -> str:
        return str(self.c.settings.get("over_limit"))

    def walk_caps(self) -> Caps:
        """What the drop is checked against: with "refuse", the caps as they always were."""
        return self.caps if self.mode() == "refuse" else UNCAPPED

    # Before the queue ----------------------------------------------------------------------------

    async def prepare(self, media: Sequence[Media], *, refit: bool = False) -> list[Media]:
        """Clean what is under its cap and return it for the queue; give what is over it a row
        of its own (asking, fitting or refused). ``refit``: Re-upload, which fits without
        asking (the person chose it when it was first sent)."""
        loop = asyncio.get_running_loop()
        if not self._swept:
            self._swept = True
            await loop.run_in_executor(None, self.scratch.sweep_stale)
        mode = "fit" if refit and self.mode() != "refuse" else self.mode()
        over = [m for m in media if is_over_cap(m, self.caps)]
        under = [m for m in media if not is_over_cap(m, self.caps)]
        if over:
            await self._offer(over, fit_now=mode == "fit", refuse=mode == "refuse")
        if not under or not self.c.settings.get("clean_metadata"):
            return under
        results = await loop.run_in_executor(None, lambda: [clean(m, self.scratch) for m in under])
        ready = [r for r in results if isinstance(r, Media)]
        self.c.files_in.show_refusals([r for r in results if isinstance(r, Refusal)])
        if any(m.origin is not None for m in ready):
            self._listen()
        return ready

    async def _offer(self, media: list[Media], *, fit_now: bool, refuse: bool) -> None:
        if refuse:
            self.c.files_in.show_refusals([too_large(m, self.caps) for m in media])
            return
        loop = asyncio.get_running_loop()
        plans = await loop.run_in_executor(
            None, lambda: [offer(m, m.kind, m.mime, self.caps) for m in media]
        )
        rows = []
        for item, plan in zip(media, plans, strict=True):
            row = Row.from_media(item)
            if isinstance(plan, Reason):  # cannot fit: too long, damaged, no stream
                row.state, row.message = RowState.REFUSED, plan
            else:
                row.state, row.message = RowState.OVER_LIMIT, self._offer_words(item, plan)
                row.waiting_media = item
            rows.append(row)
        self.c.model.insert(rows)
        self.describe(rows)
        if fit_now:
            self.fit_rows(rows)
        elif any(r.state is RowState.OVER_LIMIT for r in rows):
            self.c.message.emit(
                self.tr("%n file(s) are over the size limit: press Make it fit.", "", len(rows))
            )

    def _offer_words(self, media: Media, plan: Plan) -> Reason:
        return Reason.of(
            "fit_offer",
            name=media.name,
            size_bytes=media.size,
            cap_bytes=self.caps.for_kind(media.kind),
            target_bytes=plan.target,
            dims=plan.dims or plan.codec,
            codec=plan.codec,
        )

    # Fitting -------------------------------------------------------------------------------------

    def fit_rows(self, rows: Iterable[Row]) -> int:
        count = 0
        for row in rows:
            if row.state is not RowState.OVER_LIMIT or row.waiting_media is None:
                continue
            row.state, row.fit, row.message = RowState.FITTING, (0.0, 0.0, None), ""
            self.c.model.changed([row])
            self.c.spawn(self._fit(row, row.waiting_media))
            count += 1
        if count:
            self.c.totals_changed.emit()
        return count

    async def _fit(self, row: Row, media: Media) -> None:
        loop = asyncio.get_running_loop()

        def progress(p: FitProgress) -> None:  # on the watcher's thread
            with contextlib.suppress(RuntimeError):  # the loop closed at quit
                loop.call_soon_threadsafe(self._on_progress, row, p)

        job = Fit(media, self.scratch, self.caps, progress)
        self._fits[row.uid] = job
        try:
            result = await _in_own_thread(loop, job)
        except asyncio.CancelledError:
            job.cancel()
            raise
        finally:
            self._fits.pop(row.uid, None)
        if isinstance(result, Refusal):
            cancelled = isinstance(result.why, Reason) and result.why.code == "fit_cancelled"
            row.state = RowState.CANCELLED if cancelled else RowState.FAILED
            row.message = "" if cancelled else result.why
            row.fit = None
            self.c.model.changed([row])
            self.c.totals_changed.emit()
            return
        row.waiting_media = None
        self._queue_on(row, result)

    def _on_progress(self, row: Row, p: FitProgress) -> None:
        if row.state is RowState.FITTING:
            row.fit = (p.share, p.speed, p.left)
            self.c.model.changed([row])

    def _queue_on(self, row: Row, media: Media) -> None:
        """The fitted file goes on the row that was fitting."""
        c = self.c
        self._listen()
        row.state, row.fit = RowState.QUEUED, None
        row.size, row.mime, row.sent = media.size, media.mime, 0
        if media.origin is not None:
            row.fitted, row.original_size = media.origin.fitted, media.origin.size
        (job,) = c.engine.add([media])
        row.job_id = job.id
        c.model.note_job(row)
        c.news.remember_pending([row])
        c.news.batch.append(row)
        c.model.changed([row])
        c.totals_changed.emit()

    def cancel(self, rows: Iterable[Row]) -> int:
        count = 0
        for row in rows:
            job = self._fits.get(row.uid)
            if job is not None:
                job.cancel()
                count += 1
            elif row.state is RowState.OVER_LIMIT:
                row.state, row.waiting_media = RowState.CANCELLED, None
                self.c.model.changed([row])
                count += 1
        return count

    def shutdown(self) -> None:
        for job in list(self._fits.values()):
            job.cancel()
        # As the engine does for its uploads at quit: nothing is left running on the list.
        stopped = self.c.model.find(lambda r: r.state is RowState.FITTING)
        for row in stopped:
            row.state, row.fit = RowState.CANCELLED, None
        self.c.model.changed(stopped)
        self.scratch.remove_all()

    # Copies of finished uploads ------------------------------------------------------------------

    def _listen(self) -> None:
        if not self._listening:
            self._listening = True
            self.c.engine.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        # Maybe on the engine's own thread: only the file is touched here.
        if isinstance(event, JobDone):
            job = self.c.engine.jobs.get(event.job_id)
            if job is not None and job.media.origin is not None:
                Scratch.discard(job.media.path)

    # What the rows say about a file --------------------------------------------------------------

    def describe(self, rows: Sequence[Row]) -> None:
        """Duration and dimensions for the list and the tooltip, read off the GUI thread."""
        wanted = [r for r in rows if r.path and r.kind in ("image", "video", "audio")]
        if wanted:
            self.c.spawn(self._describe(wanted))

    async def _describe(self, rows: list[Row]) -> None:
        from app.core.media.probe import probe

        loop = asyncio.get_running_loop()

        def read(path: str, kind: str) -> str:
            from pathlib import Path

            try:
                info = probe(Path(path))
            except Exception:  # any file FFmpeg cannot read: the row just shows less
                return ""
            width, height = info.shown_size
            return media_text.info(0.0 if kind == "image" else info.duration, width, height)

        for row in rows:
            assert row.path is not None
            words: Any = await loop.run_in_executor(None, read, row.path, row.kind)
            if words:
                row.info = words
                self.c.model.changed([row])
