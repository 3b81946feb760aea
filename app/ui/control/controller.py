"""What the window's buttons do: files in, uploads started and steered, URLs out.

It drives the core (engine, history, settings, key store) and keeps the list model up to date;
widgets only call it and listen to its signals. File reads and hashing run in worker threads,
network calls on the asyncio loop that qasync runs on Qt's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage

from app.core.logs import redact
from app.core.media import Media, Refusal, inspect
from app.core.settings import AppPaths, KeyStore, Settings
from app.ui.control.files_in import FilesIn
from app.ui.control.media_prep import MediaPrep
from app.ui.control.news import EngineNews
from app.ui.control.urls_out import UrlsOut
from app.ui.desktop import opener as desktop
from app.ui.table.history_rows import HistoryRows
from app.ui.table.model import UploadsModel
from app.ui.table.rows import Row, RowState
from app.ui.table.thumbs import ThumbnailCache
from app.ui.window.account import Account
from app.ui.words import text

if TYPE_CHECKING:
    from app.core.api import FilesClient
    from app.core.uploads import UploadEngine  # with the client, after the first paint

log = logging.getLogger("apimodels.ui")

DEMO_API_KEY = "demo-key"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Controller(QObject):
    message = Signal(str)  # a short sentence for the status bar
    notice = Signal(str)  # something to read and dismiss (refusals, skipped files)
    key_needed = Signal(str)  # why ("" on a first start without a key)
    key_accepted = Signal()
    duplicates_found = Signal(list)  # [(Media, Row)]: already uploaded and still live
    totals_changed = Signal()
    batch_finished = Signal(int, int)  # uploaded, failed
    demo_changed = Signal(bool)

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        keys: KeyStore,
        *,
        demo: bool = False,
        clock: Callable[[], datetime] = _utcnow,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths, self.settings, self.keys = paths, settings, keys
        self.clock = clock
        self.demo = demo
        self.server: Any = None
        self.thumbs = ThumbnailCache(self)
        self.model = UploadsModel(self, clock=clock, loop_time=time.monotonic, thumbs=self.thumbs)
        self.problems: list[str] = []
        self.history_rows = HistoryRows(self)
        self.history = self.history_rows.open(self.history_rows.path())
        self._client: FilesClient | None = None
        self._engine: UploadEngine | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.news = EngineNews(self)
        self.files_in = FilesIn(self)
        self.media_prep = MediaPrep(self)
        self.account = Account(self)
        self.urls_out = UrlsOut(self)
        self.key_needed.connect(lambda _reason: self._waiting_for_key(True))
        self.key_accepted.connect(lambda: self._waiting_for_key(False))

    def _waiting_for_key(self, waiting: bool) -> None:
        """Queued rows say that they wait for a key, not just for their turn."""
        if self.model.waiting_for_key != waiting:
            self.model.waiting_for_key = waiting
            self.model.changed(self.model.find(lambda r: r.state is RowState.QUEUED))

    # The client and the engine -------------------------------------------------------------------
    # Made on first use, after the window's first paint: the key comes from the keyring (whose
    # backends take up to 100 ms to import) and the client needs httpx. The window's start makes
    # them in the background (start(in_background=True)).

    @property
    def client(self) -> FilesClient:
        if self._client is None:
            self._make_engine()
        assert self._client is not None
        return self._client

    @property
    def engine(self) -> UploadEngine:
        if self._engine is None:
            self._make_engine()
        assert self._engine is not None
        return self._engine

    def _make_engine(self, api_key: str | None = None) -> None:
        from app.core.api import FilesClient
        from app.core.uploads import EngineOptions, UploadEngine

        self._client = FilesClient(
            base_url=self.settings.get("base_url"),
            api_key=(self.keys.get() if api_key is None else api_key) or "",
            low_priority_reads=True,  # the window's own thread comes first
        )
        self._engine = UploadEngine(
            self._client,
            history=self.history,
            options=EngineOptions(
                concurrency=self.settings.get("concurrency"),
                direct=self.settings.get("direct_small_files"),
            ),
            clock=self.clock,
        )
        self._engine.subscribe(self.news.bridge.on_event)

    def warm_up(self) -> None:
        """What the first upload would do on the GUI thread, done now in a worker thread."""
        threading.Thread(target=self.client.warm_up, name="warm up", daemon=True).start()

    def _prepare(self) -> str:
        """In a worker thread: the key (the keyring imports its backends, up to 100 ms) and the
        client's modules (httpx and the rest, 40-60 ms), so that the GUI thread only builds."""
        import app.core.api
        import app.core.uploads  # noqa: F401

        return self.keys.get() or ""

    async def _connect_in_background(self) -> None:
        loop = asyncio.get_running_loop()
        if self._client is None:
            key = await loop.run_in_executor(None, self._prepare)
            if self._client is None:  # not made meanwhile by a file dropped early
                self._make_engine(key)
        self._ask_for_a_missing_key()
        await loop.run_in_executor(None, self.client.warm_up)

    def _ask_for_a_missing_key(self) -> None:
        if not self.demo and not self.client.has_key:
            self.key_needed.emit("")

    def checkpoint_history(self) -> None:
        self.history_rows.checkpoint()

    # Start and stop ------------------------------------------------------------------------------

    def start(self, *, in_background: bool = False) -> None:
        """Show the history and any uploads a crash interrupted; ask for a key if there is none.

        ``in_background``: the window's start, right after its first paint. The history, the
        keyring and the client's modules are read in worker threads; rows, the key panel and the
        client arrive a moment later. (Without it, all of it is done before this returns.)"""
        if self.demo:
            self.start_demo()
        if in_background and self.history is not None:
            self.spawn(self.history_rows.load_in_thread())
        else:
            self.history_rows.load()
        if in_background:
            self.spawn(self._connect_in_background())
        else:
            self._ask_for_a_missing_key()
        for problem in self.problems:
            self.notice.emit(problem)

    def start_demo(self) -> None:
        if self.server is None:
            from app.localserver import LocalServer  # only demo mode needs it

            self.server = LocalServer(
                api_key=DEMO_API_KEY, data_dir=self.paths.data / "demo-server"
            )
            self.server.start()
        if not self.demo:
            self.history_rows.switch_to_demo()
        self.demo = True
        self.client.base_url = self.server.base_url
        self.client.set_api_key(DEMO_API_KEY)
        self.engine.resume(DEMO_API_KEY)
        self.demo_changed.emit(True)
        self.key_accepted.emit()

    async def shutdown(self) -> None:
        """Cancel what runs (those rows are not "interrupted": the person chose to quit)."""
        self.news.stop()
        self.thumbs.clear()
        self.media_prep.shutdown()  # kills running fits, removes this process's copies
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._engine is not None:
            await self._engine.aclose()
        if self._client is not None:
            await self._client.aclose()
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.history is not None:
            self.history.close()
        self.thumbs.wait()

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        """Run a coroutine on the loop, keeping a reference and logging what it raises."""
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                exc = t.exception()
                log.error("background task failed", exc_info=exc)
                self.notice.emit(
                    self.tr("Something went wrong (%1). The log has the details.").replace(
                        "%1", redact(str(exc))
                    )
                )

        task.add_done_callback(done)
        return task

    # Files in (files_in.py) and engine news (news.py) -------------------------------------------

    async def add_paths(self, paths: Sequence[str]) -> list[Row]:
        return await self.files_in.add_paths(paths)

    async def add_image(self, image: QImage) -> list[Row]:
        return await self.files_in.add_image(image)

    def enqueue(self, media: Iterable[Media]) -> list[Row]:
        return self.files_in.enqueue(media)

    def use_existing(self, duplicates: Sequence[tuple[Media, Row]]) -> None:
        self.copy([row for _, row in duplicates])

    def upload_anyway(self, duplicates: Sequence[tuple[Media, Row]]) -> None:
        self.spawn(self.files_in.enqueue_prepared([media for media, _ in duplicates]))

    # Overall progress ----------------------------------------------------------------------------

    def totals(self) -> tuple[int, int, int, int]:
        """(bytes sent, bytes in all, files finished, files in all) for the current batch."""
        batch = [r for r in self.news.batch if r.state is not RowState.CANCELLED]
        sent = sum(r.sent for r in batch)
        total = sum(r.size or 0 for r in batch)
        finished = sum(not r.state.active for r in batch)
        return sent, total, finished, len(batch)

    def active_count(self) -> int:
        return len(self.model.find(lambda r: r.state.active))

    # Commands on rows ----------------------------------------------------------------------------

    def cancel(self, rows: Iterable[Row]) -> int:
        rows = list(rows)
        fits = self.media_prep.cancel(rows)
        return fits + sum(
            self.engine.cancel(r.job_id) for r in rows if r.job_id is not None and r.state.active
        )

    def cancel_all(self) -> int:
        count = self.engine.cancel_all()
        if count:
            self.message.emit(self.tr("Cancelled %n upload(s).", "", count))
        return count

    def retry(self, rows: Iterable[Row]) -> int:
        count = 0
        for row in rows:
            if not row.state.can_retry:
                continue
            if row.job_id is not None and self.engine.retry(row.job_id):
                row.state, row.message, row.sent = RowState.QUEUED, "", 0
                if row.pending_id is None:
                    self.news.remember_pending([row])
                if row not in self.news.batch:
                    self.news.batch.append(row)
                self.model.changed([row])
                count += 1
            elif row.job_id is None and row.path:  # from an earlier run: check the file again
                row.state, row.message = RowState.QUEUED, ""  # and no second Retry meanwhile
                self.model.changed([row])
                self.spawn(self._restart(row))
                count += 1
        if count:
            self.totals_changed.emit()
        return count

    def retry_failed(self) -> int:
        return self.retry(self.model.find(lambda r: r.state.can_retry))

    async def _restart(self, row: Row) -> None:
        """An interrupted row from the last run: check the file again and upload it."""
        assert row.path is not None
        loop = asyncio.get_running_loop()
        checked = await loop.run_in_executor(None, inspect, row.path, self.media_prep.walk_caps())
        if isinstance(checked, Refusal):
            row.state, row.message = RowState.FAILED, checked.why
            self.news.forget_pending(row)
            self.model.changed([row])
            return
        self.news.forget_pending(row)
        self.model.remove([row])
        await self.files_in.enqueue_prepared([checked])

    def reupload(self, rows: Iterable[Row]) -> int:
        """Upload again the files behind expired (or any finished) rows, if they still exist."""
        paths = [r.path for r in rows if r.url and r.path]
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            self.notice.emit(
                self.tr(
                    "%n file(s) are no longer where they were uploaded from, e.g. %1.",
                    "",
                    len(missing),
                ).replace("%1", missing[0])
            )
        present = [p for p in paths if p not in missing]
        if present:
            self.spawn(self._reupload(present))
        return len(present)

    async def _reupload(self, paths: list[str]) -> None:
        await self.files_in.reupload(paths)

    def remove(self, rows: Iterable[Row]) -> int:
        """Off the list, and off the history; running uploads are cancelled first."""
        rows = list(rows)
        self.cancel(rows)
        for row in rows:
            if self.history is not None and row.record_id is not None:
                try:
                    self.history.remove(row.record_id)
                except Exception:
                    log.exception("could not remove a history row")
            self.news.forget_pending(row)
            if row in self.news.batch:
                self.news.batch.remove(row)
        self.model.remove(rows)
        self.totals_changed.emit()
        return len(rows)

    # URLs out ------------------------------------------------------------------------------------

    def copy(self, rows: Iterable[Row], fmt: str | None = None, *, announce: bool = True) -> int:
        return self.urls_out.copy(rows, fmt, announce=announce)

    def copy_all_live(self, fmt: str | None = None) -> int:
        return self.urls_out.copy_all_live(fmt)

    def base_url_for_snippets(self) -> str:
        return self.urls_out.base_url_for_snippets()

    def open_url(self, row: Row) -> bool:
        if not row.url:
            return False
        return QDesktopServices.openUrl(QUrl(row.url))

    def reveal(self, row: Row) -> bool:
        if not row.path or not os.path.exists(row.path):
            self.message.emit(self.tr("The file is no longer on this computer."))
            return False
        return desktop.reveal(Path(row.path))

    # Key and settings (account.py) ---------------------------------------------------------------

    def save_key(self, key: str) -> str:
        return self.account.save_key(key)

    async def test_key(self, key: str, base_url: str) -> tuple[bool, str]:
        return await self.account.test_key(key, base_url)

    def apply_settings(self, values: dict[str, object]) -> None:
        self.account.apply_settings(values)

    def key_status(self) -> str:
        return self.account.key_status()

    def describe_size(self, n: int) -> str:
        return text.size(n)
