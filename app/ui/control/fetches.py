"""Files from the web in the window: pasted or dropped addresses, and a browser's image data.

An address gets its row at once, in the Downloading stage with a bar; the download itself
(app/core/download.py: caps, sniffing, deadline) runs on the loop. A complete download is checked
like any file and queued like one: its upload row takes the download's place. The downloaded file
lives in the cache folder only until its upload is settled: it is deleted when the upload is done
or cancelled, when the row is removed, and at quit. Cancel stops a download and leaves no file;
Retry downloads again.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from app.core.media import Media, Refusal, inspect
from app.core.reasons import Reason
from app.ui.table.columns import Column
from app.ui.table.rows import Row, RowState
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.core.events import JobDone
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")


class Fetches(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self._tasks: dict[int, asyncio.Task[None]] = {}  # row uid -> its download
        self._sources: dict[int, str] = {}  # row uid -> the address, for Retry
        self._files: dict[int, Path] = {}  # job id -> the downloaded file it uploads
        self._swept = False
        news = controller.news.bridge
        news.job_finished.connect(self._on_job_finished)
        news.job_cancelled.connect(self._discard_job)

    @property
    def folder(self) -> Path:
        return self.c.paths.cache / "downloads"

    # Addresses -----------------------------------------------------------------------------------

    def add_urls(self, urls: Sequence[str]) -> list[Row]:
        """A row per address, downloading at once; an address that cannot be fetched is a
        refused row that says why."""
        from app.core import download as dl  # on first use: not before the first paint

        rows = []
        for text in urls:
            try:
                url = dl.check_url(text)
            except dl.DownloadError as exc:
                row = Row(text.strip()[:200], "", RowState.REFUSED, message=exc.why)
                self.c.model.insert([row])
                self.c.message.emit(reasons.render(exc.why))
                continue
            row = Row(dl.filename_from(None, url), "", RowState.DOWNLOADING)
            self._sources[row.uid] = url
            self.c.model.insert([row])
            self._start(row)
            rows.append(row)
        if rows:
            self.c.message.emit(self.tr("Downloading %n file(s)…", "", len(rows)))
        return rows

    def _start(self, row: Row) -> None:
        row.state, row.sent, row.size, row.message = RowState.DOWNLOADING, 0, None, ""
        row.meter.reset()
        task = self.c.spawn(self._download(row, self._sources[row.uid]))
        self._tasks[row.uid] = task
        task.add_done_callback(functools.partial(self._on_task_done, row.uid))

    def _on_task_done(self, uid: int, task: asyncio.Task[None]) -> None:
        if self._tasks.get(uid) is task:
            del self._tasks[uid]

    async def _download(self, row: Row, url: str) -> None:
        from app.core import download as dl

        def progress(received: int, total: int | None) -> None:
            row.sent, row.size = received, total
            row.meter.add(time.monotonic(), received)
            self.c.model.changed([row], Column.STATUS, Column.STATUS)

        if not self._swept:  # what a crash left behind, once per run, off the GUI thread
            self._swept = True
            await asyncio.get_running_loop().run_in_executor(None, dl.sweep, self.folder)
        try:
            got = await dl.download(url, self.folder, on_progress=progress)
        except dl.DownloadError as exc:
            row.state, row.message = RowState.FAILED, exc.why
            self.c.model.changed([row])
            return
        except asyncio.CancelledError:
            row.state = RowState.CANCELLED
            self.c.model.changed([row])
            raise
        await self._checked(row, got.path)

    async def _checked(self, row: Row, path: Path) -> None:
        """A file of ours (a download, a drop's data): checked, then this row's upload."""
        from app.core import download as dl

        loop = asyncio.get_running_loop()
        try:
            item = await loop.run_in_executor(None, inspect, path)
        except asyncio.CancelledError:
            dl.discard(path)
            row.state = RowState.CANCELLED
            self.c.model.changed([row])
            raise
        if isinstance(item, Refusal):
            await loop.run_in_executor(None, dl.discard, path)
            row.state, row.message, row.size = RowState.REFUSED, item.why, item.size
            self.c.model.changed([row])
            return
        self._enqueue(row, item)

    def _enqueue(self, row: Row, media: Media) -> None:
        """The download's row gives way to the file's upload row, queued the way every file is."""
        self.c.model.remove([row])
        self._sources.pop(row.uid, None)
        for upload in self.c.enqueue([media]):
            if upload.job_id is not None:
                self._files[upload.job_id] = media.path

    # Data that came with a drop -----------------------------------------------------------------

    def add_data(self, data: bytes | QImage, name: str) -> Row:
        """A browser's image bytes (or a picture Qt decoded): kept in the cache folder under
        the name its address gives, checked, uploaded; deleted like a download."""
        row = Row(name, "image", RowState.QUEUED)
        self.c.model.insert([row])
        self.c.spawn(self._store(row, data, name))
        return row

    async def _store(self, row: Row, data: bytes | QImage, name: str) -> None:
        from app.core import download as dl

        def save() -> Path:
            if isinstance(data, bytes):
                return dl.store_bytes(data, self.folder, name)
            target = dl.new_place(self.folder, Path(name).stem + ".png")
            if not data.save(str(target)):  # the format follows the .png suffix
                dl.discard(target)
                raise OSError("the picture could not be written")
            return target

        try:
            path = await asyncio.get_running_loop().run_in_executor(None, save)
        except OSError as exc:
            row.state = RowState.FAILED
            row.message = Reason.of("url_not_saved", detail=exc.strerror or str(exc))
            self.c.model.changed([row])
            return
        await self._checked(row, path)

    # Steering ------------------------------------------------------------------------------------

    def cancel(self, rows: Iterable[Row]) -> int:
        count = 0
        for row in rows:
            task = self._tasks.get(row.uid)
            if task is not None and not task.done():
                task.cancel()
                count += 1
        return count

    def cancel_all(self) -> int:
        return self.cancel([r for r in self.c.model.rows if r.uid in self._tasks])

    def retry(self, rows: Iterable[Row]) -> int:
        """Download again what failed or was cancelled before it became an upload."""
        count = 0
        for row in rows:
            if row.job_id is None and row.state.can_retry and row.uid in self._sources:
                self._start(row)
                self.c.model.changed([row])
                count += 1
        return count

    def forget(self, rows: Iterable[Row]) -> None:
        """Rows removed from the list: their downloaded files go too."""
        for row in rows:
            self._sources.pop(row.uid, None)
            if row.job_id is not None:
                self._discard_job(row.job_id)

    def discard_all(self) -> None:
        """At quit: nothing downloaded outlives the run."""
        from app.core import download as dl

        for path in self._files.values():
            dl.discard(path)
        self._files.clear()

    def _on_job_finished(self, event: JobDone) -> None:
        self._discard_job(event.job_id)

    def _discard_job(self, job_id: int) -> None:
        from app.core import download as dl

        path = self._files.pop(job_id, None)
        if path is None:
            return
        try:
            asyncio.get_running_loop().run_in_executor(None, dl.discard, path)
        except RuntimeError:  # no loop running (the window is closing): a quick rmtree here
            dl.discard(path)
