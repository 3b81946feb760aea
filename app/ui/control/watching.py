"""The watched folder in the window: the core's watch (its own threads) feeds the upload queue.

The watch hands over checked files from its worker thread through a queued signal. Here a file
the history already holds (same path and size, untouched since its upload, URL still live) is
left out quietly, and the rest is queued in slices, so that a burst of a thousand files never
holds the window for long.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.media import Media, Refusal
from app.core.reasons import Reason
from app.ui.control.files_in import _unchanged_since
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.core.watch import FolderWatch, WatchOptions
    from app.ui.control.controller import Controller

log = logging.getLogger("apimodels.ui")

#: Files queued per turn of the event loop: enqueueing one costs ~0.05 ms (a row, a job, a
#: pending note) and each turn one repaint; 250 keeps a turn well under 50 ms.
SLICE = 250


class WatchedFolder(QObject):
    ready = Signal(list)  # list[Media | Refusal], from the watch's thread
    problem = Signal(object)  # Reason, from the watch's thread

    def __init__(self, controller: Controller, options: WatchOptions | None = None) -> None:
        super().__init__(controller)
        self.c = controller
        self.options = options
        self.watch: FolderWatch | None = None
        self._waiting: list[Media] = []
        self._slicer = QTimer(self)
        self._slicer.setInterval(0)
        self._slicer.timeout.connect(self._on_slice)
        self.ready.connect(self._on_ready)
        self.problem.connect(self._on_problem)

    @property
    def state_file(self) -> Path:
        return self.c.paths.data / "watched-folder.json"

    def apply(self) -> None:
        """Start, stop or move the watch to match the settings."""
        folder = str(self.c.settings.get("watch_folder") or "")
        wanted = bool(self.c.settings.get("watch_enabled")) and bool(folder)
        target = Path(os.path.abspath(os.path.expanduser(folder))) if wanted else None
        if self.watch is not None and (target is None or self.watch.folder != target):
            self.stop()
        if target is not None and self.watch is None:
            from app.core.watch import FolderWatch  # only for a person who watches a folder

            self.watch = FolderWatch(
                target,
                self.state_file,
                on_ready=self.ready.emit,
                on_problem=self.problem.emit,
                options=self.options,
            )
            self.watch.start()
            log.info("watching a folder for new files")

    def stop(self) -> None:
        watch, self.watch = self.watch, None
        if watch is not None:
            watch.stop()

    def _on_ready(self, items: list[Media | Refusal]) -> None:
        refusals = [i for i in items if isinstance(i, Refusal)]
        if refusals:
            self.c.files_in.show_refusals(refusals)
        self.c.spawn(self._queue([i for i in items if isinstance(i, Media)]))

    async def _queue(self, media: list[Media]) -> None:
        media = await self._not_uploaded(media)
        self._waiting.extend(media)
        if self._waiting and not self._slicer.isActive():
            self._on_slice()
            if self._waiting:
                self._slicer.start()

    def _on_slice(self) -> None:
        part, self._waiting = self._waiting[:SLICE], self._waiting[SLICE:]
        if part:
            self.c.enqueue(part)
        if not self._waiting:
            self._slicer.stop()

    async def _not_uploaded(self, media: list[Media]) -> list[Media]:
        """Leave out files whose upload is in the history, still live and untouched since."""
        history = self.c.history
        if history is None or not media:
            return media
        paths, now = [str(m.path) for m in media], self.c.clock()
        try:  # read on the engine's thread, where the history lives
            live = await asyncio.wrap_future(history.ask(lambda h: h.live_at_paths(paths, now)))
        except Exception:  # a busy history must not stop the watch
            log.exception("could not compare the watched files with the history")
            return media
        fresh = []
        for item in media:
            record = live.get((str(item.path), item.size))
            if record is None or not _unchanged_since(item, record.uploaded_at):
                fresh.append(item)
        return fresh

    def _on_problem(self, why: Reason) -> None:
        self.c.notice.emit(reasons.render(why))
