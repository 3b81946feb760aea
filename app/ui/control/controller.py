"""What the window's buttons do: files in, uploads started and steered, URLs out.

It drives the core (engine, history, settings, key store) and keeps the list model up to date;
widgets only call it and listen to its signals. The engine, its HTTP client and the history's
connection live on the engine's own thread (app/core/worker.py): the window's thread sends them
commands and gets their news a frame at a time (bridge.py). File checks run in worker threads;
the window's own coroutines (waiting for those answers) run on the asyncio loop qasync runs on Qt's.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage

from app.core.logs import redact
from app.core.media import Media, Refusal, inspect
from app.core.settings import AppPaths, KeyStore, Settings
from app.core.worker import EngineProxy, EngineThread, HistoryProxy
from app.ui.control import demo_service
from app.ui.control.batch_copy import BatchCopy
from app.ui.control.fetches import Fetches
from app.ui.control.files_in import FilesIn
from app.ui.control.media_prep import MediaPrep
from app.ui.control.news import EngineNews
from app.ui.control.removal import Removal
from app.ui.control.renewing import Renewer
from app.ui.control.urls_out import UrlsOut
from app.ui.control.watching import WatchedFolder
from app.ui.desktop import opener as desktop
from app.ui.desktop.collector import GuiThreadCollector
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
        model: UploadsModel | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths, self.settings, self.keys = paths, settings, keys
        self.clock = clock
        self.demo = demo
        self.server: Any = None
        self.thumbs = ThumbnailCache(self)
        if model is None:
            model = UploadsModel(self, clock=clock, loop_time=time.monotonic)
        # (the window's list may be made and painted before the controller: app.ui.app)
        self.model = model
        model.use_thumbs(self.thumbs)
        self.problems: list[str] = []
        self.worker = EngineThread().start()
        self.collector = GuiThreadCollector(self)  # never on the engine's thread (collector.py)
        self.collector.start()
        self.history_rows = HistoryRows(self)
        self.history: HistoryProxy | None = self.history_rows.open(self.history_rows.path())
        self._client: FilesClient | None = None
        self._engine: EngineProxy | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.news = EngineNews(self)
        self.files_in = FilesIn(self)
        self.media_prep = MediaPrep(self)
        self.account = Account(self)
        self.urls_out = UrlsOut(self)
        self.batch_copy = BatchCopy(self)
        self.removal = Removal(self)
        self.renewer = Renewer(self)
        self.fetches = Fetches(self)  # web addresses and a browser's image data
        self.watched = WatchedFolder(self)
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
    def engine(self) -> EngineProxy:
        if self._engine is None:
            self._make_engine()
        assert self._engine is not None
        return self._engine

    def _make_engine(self, api_key: str | None = None) -> None:
        """Made on the engine's thread (the client's TLS context too); the window waits."""
        self._adopt(self.worker.call(self._build, api_key))

    def _build(self, api_key: str | None) -> UploadEngine:
        """On the engine's thread: the key from the keyring, the client and the engine."""
        from app.core.api import FilesClient
        from app.core.uploads import EngineOptions, UploadEngine

        client = FilesClient(
            base_url=self.settings.get("base_url"),
            api_key=(self.keys.get() if api_key is None else api_key) or "",
            low_priority_reads=True,  # the window's thread comes first
        )
        engine = UploadEngine(
            client,
            history=self.history.target if self.history is not None else None,
            options=EngineOptions(
                concurrency=self.settings.get("concurrency"),
                direct=self.settings.get("direct_small_files"),
                probe_outage=True,  # files wait for a service that is down (a notice says so)
            ),
            clock=self.clock,
        )
        engine.subscribe(self.news.bridge.on_event)
        return engine

    def _adopt(self, engine: UploadEngine) -> None:
        if self._engine is None:  # not made meanwhile by a file dropped early
            self._client = engine.client
            self._engine = EngineProxy(self.worker, engine)

    def warm_up(self) -> None:
        """What the first upload would do on the GUI thread, done now in a worker thread."""
        threading.Thread(target=self.client.warm_up, name="warm up", daemon=True).start()

    async def _connect_in_background(self) -> None:
        """The key (the keyring imports its backends, up to 100 ms), the client's modules (httpx
        and the rest, 40-60 ms) and the engine, all made on the engine's thread."""
        loop = asyncio.get_running_loop()
        if self._client is None:
            self._adopt(await asyncio.wrap_future(self.worker.ask(self._build, None)))
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
        self.watched.apply()

    def start_demo(self) -> None:
        if self.server is None:
            # The same port as last time, so earlier demo URLs still work (demo_service.py).
            # Its socket is bound on the engine's thread: the window's opens none.
            self.server, moved = self.worker.call(
                demo_service.start, self.paths.data / "demo-server", DEMO_API_KEY
            )
            self.model.arrived.connect(self._repoint_demo_urls)
            if moved is not None:
                self.notice.emit(
                    self.tr(
                        "Port %1 of the demo service is taken by another program, so it runs on "
                        "port %2 now. Earlier demo URLs in the list point there; copies made "
                        "before use the old port and will not open."
                    )
                    .replace("%1", str(moved))
                    .replace("%2", str(self.server.port))
                )
        if not self.demo:
            self.removal.commit()  # its rows' ids belong to the history being closed
            self.history_rows.switch_to_demo()
        self.demo = True
        self.client.base_url = self.server.base_url
        self.client.set_api_key(DEMO_API_KEY)
        self.engine.resume(DEMO_API_KEY)
        self.demo_changed.emit(True)
        self.key_accepted.emit()

    def leave_demo(self) -> bool:
        """From demo mode to the real service, without a restart: the real history comes back
        and the key panel asks for a key if there is none. The demo service keeps serving its
        URLs until the app closes."""
        if not self.demo:
            return False
        if self.active_count():
            self.message.emit(
                self.tr("Demo uploads are still running: let them finish or cancel them first.")
            )
            return False
        self.removal.commit()
        self.history_rows.switch_to_live()
        self.client.base_url = self.settings.get("base_url")
        key = self.keys.get() or ""
        self.client.set_api_key(key)
        self.demo_changed.emit(False)
        if key:
            self.engine.resume(key)
            self.key_accepted.emit()
        else:
            self.key_needed.emit("")
        return True

    def _repoint_demo_urls(self, rows: list[Row], _at_top: bool) -> None:
        if self.demo and self.server is not None:
            demo_service.repoint(rows, self.server.base_url)

    async def shutdown(self) -> None:
        """Cancel what runs (those rows are not "interrupted": the person chose to quit)."""
        self.news.stop()
        self.removal.commit()  # rows removed with an Undo still offered leave the history now
        self.watched.stop()
        self.thumbs.clear()
        self.media_prep.shutdown()  # kills running fits, removes this process's copies
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self.worker.running:
            if self._engine is not None:
                await asyncio.wrap_future(self._engine.aclose())
            self.news.bridge.flush()  # the cancelled rows leave the history's pending list
            self.fetches.discard_all()
            if self._client is not None:
                await asyncio.wrap_future(self.worker.run(self._client.aclose()))
            if self.history is not None:  # after the engine's last write
                await asyncio.wrap_future(self.history.ask(lambda h: h.close()))
            if self.server is not None:
                await asyncio.wrap_future(self.worker.ask(self.server.stop))
                self.server = None
            self.worker.stop()
        self.collector.stop()
        self.news.bridge.flush()
        if self.server is not None:
            self.server.stop()
            self.server = None
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
        """The earlier URLs, copied with the rest of their drop, in its order (now, or when the
        drop's new uploads end)."""
        rows = [row for _, row in duplicates]
        copied = self.batch_copy.join(rows)
        if copied:
            self.message.emit(
                self.tr("Copied %n URL(s), in the order they were dropped.", "", copied)
            )
        elif self.news.batch:
            self.message.emit(
                self.tr("The URLs will be copied together when the uploads of this drop finish.")
            )
        else:
            self.copy(rows)

    def upload_anyway(self, duplicates: Sequence[tuple[Media, Row]]) -> None:
        self.spawn(self.files_in.enqueue_prepared([media for media, _ in duplicates]))

    # Overall progress ----------------------------------------------------------------------------

    def totals(self) -> tuple[int, int, int, int]:
        """(bytes sent, bytes in all, files finished, files in all) for the current batch."""
        return self.news.batch.totals()  # kept running (tally.py), not added up each time

    def active_count(self) -> int:
        return self.model.active_count()

    # Commands on rows ----------------------------------------------------------------------------

    def cancel(self, rows: Iterable[Row]) -> int:
        rows = list(rows)
        fits = self.media_prep.cancel(rows)
        return (
            fits
            + self.fetches.cancel(rows)
            + sum(
                self.engine.cancel(r.job_id)
                for r in rows
                if r.job_id is not None and r.state.active
            )
        )

    def cancel_all(self) -> int:
        count = self.engine.cancel_all() + self.fetches.cancel_all()
        if count:
            self.message.emit(self.tr("Cancelled %n upload(s).", "", count))
        return count

    def retry(self, rows: Iterable[Row]) -> int:
        rows = list(rows)
        count = self.fetches.retry(rows)  # downloads that failed before they were uploads
        for row in rows:
            if not row.state.can_retry:
                continue
            if row.job_id is not None and self.engine.retry(row.job_id):
                row.state, row.message, row.sent = RowState.QUEUED, "", 0
                self.news.remember_pending([row])  # unless it is still there
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
        rows = [r for r in rows if r.url and r.path]
        paths = [r.path for r in rows if r.path]
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
            now = self.clock()
            # An expired row gives way to its new upload (its URL is dead; the new row has the
            # file); a live one stays, its URL still works.
            expired = [r for r in rows if r.is_expired(now) and r.path in present]
            self.spawn(self._reupload(present, expired))
        return len(present)

    async def _reupload(self, paths: list[str], replaced: list[Row]) -> None:
        queued = {r.path for r in await self.files_in.reupload(paths)}
        gone = [r for r in replaced if r.path in queued]
        if gone:
            self.remove(gone)

    def renew(self, rows: Iterable[Row]) -> int:
        """New links, from the same files, for rows with less than a day left (renewing.py)."""
        return self.renewer.renew(rows)

    def renew_expiring(self, within: timedelta) -> int:
        return self.renewer.renew_expiring(within)

    def remove(self, rows: Iterable[Row]) -> int:
        """Off the list, and off the history; running uploads are cancelled first."""
        rows = list(rows)
        self.cancel(rows)
        gone = [row.record_id for row in rows if row.record_id is not None]
        if self.history is not None and gone:
            self.history.post(lambda h: [h.remove(record_id) for record_id in gone])
        self.fetches.forget(rows)
        for row in rows:
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
        if QDesktopServices.openUrl(QUrl(row.url)):
            return True
        self.message.emit(  # nothing failed silently: say what to do instead
            self.tr(
                "No program on this computer opens web links. Copy the URL and paste it into a "
                "browser."
            )
        )
        return False

    def reveal(self, row: Row) -> bool:
        if not row.path or not os.path.exists(row.path):
            self.message.emit(self.tr("The file is no longer on this computer."))
            return False
        if desktop.reveal(Path(row.path)):
            return True
        self.message.emit(
            self.tr("No file manager could be opened. The file is in %1.").replace(
                "%1", os.path.dirname(row.path)
            )
        )
        return False

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
