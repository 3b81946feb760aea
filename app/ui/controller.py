"""What the window's buttons do: files in, uploads started and steered, URLs out.

It drives the core (engine, history, settings, key store) and keeps the list model up to date;
widgets only call it and listen to its signals. File reads and hashing run in worker threads,
network calls on the asyncio loop that qasync runs on Qt's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage

from app.core.errors import UploadError
from app.core.history import History, HistoryError, Record, open_history
from app.core.logs import redact
from app.core.media import Media, Refusal, collect, file_sha256, human_size, inspect
from app.core.private import PRIVATE_FILE, private_dir
from app.core.settings import AppPaths, KeySource, KeyStore, Settings, SettingsError
from app.core.snippets import Format, Shared, render
from app.core.uploads import EngineOptions, JobDone, State, UploadEngine
from app.ui import desktop
from app.ui.bridge import EngineBridge
from app.ui.model import Column, UploadsModel
from app.ui.rows import Row, RowState
from app.ui.thumbs import ThumbnailCache

if TYPE_CHECKING:
    from app.core.api import FilesClient

log = logging.getLogger("apimodels.ui")

DEMO_API_KEY = "demo-key"
HISTORY_ROWS = 10_000
HISTORY_BATCH = 2_500
REFUSAL_ROWS = 20  # more refusals than this become one sentence instead of a row each


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _unchanged_since(media: Media, moment: datetime) -> bool:
    """Whether the file is as it was at that moment: neither written (mtime) nor replaced or
    renamed over (ctime, which no program can set back)."""
    try:
        st = os.stat(media.path)
    except OSError:
        return False
    last = max(st.st_mtime_ns, st.st_ctime_ns)
    return st.st_size == media.size and last <= moment.timestamp() * 1_000_000_000


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
        self.history = self._open_history(self._history_path())
        self._client: FilesClient | None = None
        self._engine: UploadEngine | None = None
        self.bridge = EngineBridge(self)
        self.bridge.job_started.connect(self._on_job_started)
        self.bridge.progress_changed.connect(self._on_progress)
        self.bridge.job_retrying.connect(self._on_job_retrying)
        self.bridge.job_finished.connect(self._on_job_finished)
        self.bridge.job_failed.connect(self._on_job_failed)
        self.bridge.job_cancelled.connect(self._on_job_cancelled)
        self.bridge.queue_paused.connect(self._on_queue_paused)
        self.bridge.queue_idle.connect(self._on_queue_idle)
        self._batch: list[Row] = []
        self._last_batch: list[Row] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._retry_tick = QTimer(self)
        self._retry_tick.setInterval(1000)
        self._retry_tick.timeout.connect(self._on_retry_tick)
        # Many small files finish within milliseconds: one clipboard update per burst.
        self._auto_copy = QTimer(self)
        self._auto_copy.setSingleShot(True)
        self._auto_copy.setInterval(250)
        self._auto_copy.timeout.connect(self._on_auto_copy)

    # The client and the engine -------------------------------------------------------------------
    # Made on first use, which start() is, after the window's first paint: the key comes from the
    # keyring (whose backends take up to 100 ms to import) and the client needs httpx.

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
        self._engine.subscribe(self.bridge.on_event)

    def warm_up(self) -> None:
        """What the first upload would do on the GUI thread, done now in a worker thread."""
        threading.Thread(target=self.client.warm_up, name="warm up", daemon=True).start()

    def _prepare(self) -> str:
        """In a worker thread: the key (the keyring imports its backends, up to 100 ms) and the
        client's modules (httpx and the rest, 40-60 ms), so that the GUI thread only builds."""
        import app.core.api  # noqa: F401

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

    # Start and stop ------------------------------------------------------------------------------

    def _history_path(self) -> Path:
        # Demo uploads live with the demo service's files: their URLs work only on this computer
        # and must never be offered as live links in the real history.
        return (
            self.paths.data / "demo-server" / "history.sqlite3" if self.demo else self.paths.history
        )

    def _open_history(self, path: Path) -> History | None:
        # A damaged file is kept aside, never fatal; the window folds the log in itself.
        history, problem = open_history(path, manual_checkpoints=True)
        if problem:
            self.problems.append(problem)
        return history

    def _load_history_rows(self) -> None:
        if self.history is not None:
            try:
                rows = [Row.from_record(r) for r in self.history.recent(limit=HISTORY_ROWS)]
                rows[0:0] = [Row.from_pending(p) for p in self.history.pending()]
            except HistoryError as exc:  # found past the start-up check: start all the same
                log.warning("%s", exc)
                self.problems.append(str(exc))
                return
            self.model.insert(rows, at_top=False)

    async def _load_history_rows_in_thread(self) -> None:
        """The same, read on a connection of its own in a worker thread: 10,000 rows took about
        100 ms of the GUI thread. Only putting them in the list is left to it."""
        if self.history is None:
            return
        path = self.history.path

        def read() -> list[Row]:
            reader = History(path)
            try:
                rows = [Row.from_pending(p) for p in reader.pending()]
                rows += [Row.from_record(r) for r in reader.recent(limit=HISTORY_ROWS)]
            finally:
                reader.close()
            return rows

        try:
            rows = await asyncio.get_running_loop().run_in_executor(None, read)
        except HistoryError as exc:  # found past the start-up check: start all the same
            log.warning("%s", exc)
            self.notice.emit(str(exc))
            return
        # Files added meanwhile are in the list already (and may be in what was read).
        records = {r.record_id for r in self.model.rows if r.record_id is not None}
        pendings = {r.pending_id for r in self.model.rows if r.pending_id is not None}
        fresh = [r for r in rows if r.record_id not in records and r.pending_id not in pendings]
        # A few thousand at a time, the loop turning in between: one insert of 10,000 rows (the
        # filter proxy maps each one) held the GUI thread for 30-50 ms.
        for start in range(0, len(fresh), HISTORY_BATCH):
            self.model.insert(fresh[start : start + HISTORY_BATCH], at_top=False)
            await asyncio.sleep(0)

    def start(self, *, in_background: bool = False) -> None:
        """Show the history and any uploads a crash interrupted; ask for a key if there is none.

        ``in_background``: the window's start, right after its first paint. The history, the
        keyring and the client's modules are read in worker threads; rows, the key panel and the
        client arrive a moment later. (Without it, all of it is done before this returns.)"""
        if self.demo:
            self.start_demo()
        if in_background and self.history is not None:
            self.spawn(self._load_history_rows_in_thread())
        else:
            self._load_history_rows()
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
            self._switch_to_demo_history()
        self.demo = True
        self.client.base_url = self.server.base_url
        self.client.set_api_key(DEMO_API_KEY)
        self.engine.resume(DEMO_API_KEY)
        self.demo_changed.emit(True)
        self.key_accepted.emit()

    def _switch_to_demo_history(self) -> None:
        """The list shows the demo's own history; files waiting for a key go to the demo."""
        waiting = self.model.find(lambda r: r.state.active)
        for row in waiting:
            self._forget_pending(row)
        if self.history is not None:
            self.history.close()
        self.demo = True
        self.history = self._open_history(self._history_path())
        self.engine.history = self.history
        self.model.clear()
        self._load_history_rows()
        self._remember_pending(waiting)
        self.model.insert(waiting)

    async def shutdown(self) -> None:
        """Cancel what runs (those rows are not "interrupted": the person chose to quit)."""
        self._retry_tick.stop()
        self._auto_copy.stop()
        self.thumbs.clear()
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

    # Files in ------------------------------------------------------------------------------------

    async def add_paths(self, paths: Sequence[str]) -> list[Row]:
        """Check files and folders off the GUI thread, offer duplicates, queue the rest."""
        if not paths:
            return []
        self.message.emit(self.tr("Checking %n item(s)…", "", len(paths)))
        loop = asyncio.get_running_loop()
        collected = await loop.run_in_executor(None, collect, list(paths))
        self._show_refusals(collected.refusals)
        if (summary := collected.summary()) is not None:
            self.notice.emit(summary)
        media = collected.media
        fresh, duplicates = await self._split_duplicates(media)
        if duplicates:
            self.duplicates_found.emit(duplicates)
        rows = self.enqueue(fresh)
        if not media and not collected.refusals:
            self.message.emit(self.tr("Nothing to upload there: no images, videos or audio."))
        return rows

    async def _split_duplicates(
        self, media: list[Media]
    ) -> tuple[list[Media], list[tuple[Media, Row]]]:
        """Files already uploaded and still live, to offer their URL instead of a new upload.

        First the quick fingerprint: the same path and size as a live upload, not modified (nor
        replaced: the change time counts too) since it went. Only files that leaves open, and
        whose size some live upload has, are hashed, all at once in worker threads.
        """
        if self.history is None or not media:
            return media, []
        history, now = self.history, self.clock()
        loop = asyncio.get_running_loop()
        found: dict[int, Record] = {}
        by_path = history.live_at_paths([str(m.path) for m in media], now)
        quick = [(i, r) for i, m in enumerate(media) if (r := by_path.get((str(m.path), m.size)))]
        if quick:
            same = await loop.run_in_executor(
                None, lambda: [_unchanged_since(media[i], r.uploaded_at) for i, r in quick]
            )
            found.update((i, r) for (i, r), ok in zip(quick, same, strict=True) if ok)
        sizes = history.live_sizes(now)
        to_hash = [i for i, m in enumerate(media) if i not in found and m.size in sizes]
        digests = await asyncio.gather(
            *(loop.run_in_executor(None, file_sha256, media[i].path) for i in to_hash)
        )
        for i, digest in zip(to_hash, digests, strict=True):
            record = digest and history.find_live(size=media[i].size, sha256=digest, now=now)
            if record:
                found[i] = record
        fresh, duplicates = [], []
        for i, item in enumerate(media):
            if (record := found.get(i)) is None:
                fresh.append(item)
                continue
            existing = [r for r in self.model.rows if r.record_id == record.id]
            row = existing[0] if existing else Row.from_record(record)
            if not existing:
                self.model.insert([row])
            duplicates.append((item, row))
        return fresh, duplicates

    def _show_refusals(self, refusals: list[Refusal]) -> None:
        if not refusals:
            return
        if len(refusals) <= REFUSAL_ROWS:
            rows = [
                Row(r.path.name, "", RowState.REFUSED, path=str(r.path), message=r.reason)
                for r in refusals
            ]
            self.model.insert(rows)
            if len(refusals) == 1:
                self.message.emit(refusals[0].reason)
            return
        examples = "; ".join(r.reason for r in refusals[:3])
        self.notice.emit(
            self.tr("%n file(s) could not be added, for example: %1", "", len(refusals)).replace(
                "%1", examples
            )
        )

    def enqueue(self, media: Iterable[Media]) -> list[Row]:
        items = list(media)
        if not items:
            return []
        rows = [Row.from_media(m) for m in items]
        self._remember_pending(rows)
        for row, job in zip(rows, self.engine.add(items), strict=True):
            row.job_id = job.id
        self.model.insert(rows)
        self._batch.extend(rows)
        self.totals_changed.emit()
        self.message.emit(self.tr("Queued %n file(s).", "", len(rows)))
        return rows

    def use_existing(self, duplicates: Sequence[tuple[Media, Row]]) -> None:
        self.copy([row for _, row in duplicates])

    def upload_anyway(self, duplicates: Sequence[tuple[Media, Row]]) -> None:
        self.enqueue(media for media, _ in duplicates)

    async def add_image(self, image: QImage) -> list[Row]:
        """A pasted picture (a screenshot) becomes a PNG in the cache folder, then an upload."""
        folder = self.paths.cache / "pasted"
        stamp = self.clock().astimezone().strftime("%Y-%m-%d %H.%M.%S")
        target = folder / f"Pasted image {stamp}.png"

        def save() -> bool:
            nonlocal target
            private_dir(self.paths.cache)
            private_dir(folder)
            number = 1
            while True:  # two pastes in one second must not share (and overwrite) a file
                try:
                    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
                    break
                except FileExistsError:
                    number += 1
                    target = folder / f"Pasted image {stamp} ({number}).png"
            return bool(image.save(str(target)))  # the format follows the .png suffix

        loop = asyncio.get_running_loop()
        try:
            saved = await loop.run_in_executor(None, save)
        except OSError:
            saved = False
        if not saved:
            self.notice.emit(
                self.tr(
                    "The pasted picture could not be saved in %1. Check that the disk has room."
                ).replace("%1", str(folder))
            )
            return []
        return await self.add_paths([str(target)])

    # Engine news -----------------------------------------------------------------------------

    def _remember_pending(self, rows: Sequence[Row]) -> None:
        """Note queued files in the history (one transaction), so a crash does not lose them."""
        if self.history is None:
            return
        try:
            ids = self.history.add_pending_many(
                [(row.path or "", row.name, row.size or 0, row.mime) for row in rows],
                queued_at=self.clock(),
            )
        except Exception:  # a busy history must not stop the uploads themselves
            log.exception("could not remember queued files")
            return
        for row, pending_id in zip(rows, ids, strict=True):
            row.pending_id = pending_id

    def _forget_pending(self, row: Row) -> None:
        if self.history is not None and row.pending_id is not None:
            with contextlib.suppress(Exception):
                self.history.drop_pending(row.pending_id)
        row.pending_id = None

    def _row(self, job_id: int) -> Row | None:
        return self.model.by_job(job_id)

    def _on_job_started(self, job_id: int) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.retry_at, row.sent = RowState.UPLOADING, None, 0
            row.meter.reset()
            self.model.changed([row], Column.STATUS, Column.STATUS)
            self.totals_changed.emit()

    def _on_progress(self, updates: tuple[tuple[int, int, int], ...]) -> None:
        now = time.monotonic()
        rows = []
        for job_id, sent, _total in updates:
            if (row := self._row(job_id)) is not None:
                row.sent = sent
                row.meter.add(now, sent)
                rows.append(row)
        self.model.changed(rows, Column.STATUS, Column.STATUS)
        self.totals_changed.emit()

    def _on_job_retrying(self, job_id: int, delay: float, reason: str) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.message = RowState.RETRYING, reason
            row.retry_at = time.monotonic() + delay
            self.model.loop_time = time.monotonic
            self.model.changed([row], Column.STATUS, Column.STATUS)
            self._retry_tick.start()

    def _on_retry_tick(self) -> None:
        waiting = self.model.find(lambda r: r.state is RowState.RETRYING)
        if not waiting:
            self._retry_tick.stop()
        self.model.changed(waiting, Column.STATUS, Column.STATUS)

    def _on_job_finished(self, event: JobDone) -> None:
        row = self._row(event.job_id)
        if row is None:
            return
        row.state, row.url, row.message = RowState.DONE, event.public_url, ""
        row.sent = row.size or 0
        row.expires_at = event.expires_at
        row.uploaded_at = event.record.uploaded_at if event.record else self.clock()
        row.record_id = event.record.id if event.record else None
        self._forget_pending(row)
        self.model.changed([row])
        self.totals_changed.emit()
        if event.history_problem:
            self.notice.emit(event.history_problem)
        if self.settings.get("auto_copy") and not self._auto_copy.isActive():
            self._auto_copy.start()

    def _on_auto_copy(self) -> None:
        done = [r for r in self._batch or self._last_batch if r.state is RowState.DONE]
        if done and self.copy(done, announce=False):
            self.message.emit(self.tr("%n URL(s) copied to the clipboard.", "", len(done)))

    def _on_job_failed(self, job_id: int, reason: str) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.message, row.retry_at = RowState.FAILED, reason, None
            self._forget_pending(row)  # seen failing: not an upload a crash interrupted
            self.model.changed([row])
            self.totals_changed.emit()

    def _on_job_cancelled(self, job_id: int) -> None:
        if (row := self._row(job_id)) is not None:
            row.state, row.retry_at = RowState.CANCELLED, None
            self._forget_pending(row)
            self.model.changed([row])
            self.totals_changed.emit()

    def _sync_requeued(self) -> None:
        """Jobs a refused key sent back to the queue say so only through the pause: each upload
        that meets the 401 goes back quietly. Show those rows waiting, not uploading."""
        moved = []
        for row in self._batch:
            job = self.engine.jobs.get(row.job_id or -1)
            if row.state is RowState.UPLOADING and job is not None and job.state is State.QUEUED:
                row.state, row.sent = RowState.QUEUED, 0
                moved.append(row)
        self.model.changed(moved)
        self.totals_changed.emit()

    def _on_queue_paused(self, reason: str) -> None:
        self._sync_requeued()
        if not self.client.has_key:
            reason = ""  # nothing was refused: there was no key to send
        self.key_needed.emit(reason)

    def _checkpoint_history(self) -> None:
        """The history's disk sync, in a worker thread while nothing uploads (see History)."""
        history = self.history
        if history is None:
            return

        def run() -> None:
            try:
                history.checkpoint()
            except Exception:  # busy or gone: the next idle, or closing, folds the log in
                log.warning("history checkpoint failed", exc_info=True)

        threading.Thread(target=run, name="history checkpoint", daemon=True).start()

    def _on_queue_idle(self) -> None:
        self._checkpoint_history()
        self._sync_requeued()
        if self.engine.paused is not None:
            return  # waiting for a key, not finished: the batch goes on after it
        batch, self._batch = self._batch, []
        if not batch:
            return
        self._last_batch = batch
        if self._auto_copy.isActive():  # copy the whole batch now, before saying it is done
            self._auto_copy.stop()
            self._on_auto_copy()
        done = sum(r.state is RowState.DONE for r in batch)
        failed = sum(r.state is RowState.FAILED for r in batch)
        self.totals_changed.emit()
        if done or failed:  # a batch that was cancelled whole needs no "0 uploaded"
            self.batch_finished.emit(done, failed)

    # Overall progress ----------------------------------------------------------------------------

    def totals(self) -> tuple[int, int, int, int]:
        """(bytes sent, bytes in all, files finished, files in all) for the current batch."""
        batch = [r for r in self._batch if r.state is not RowState.CANCELLED]
        sent = sum(r.sent for r in batch)
        total = sum(r.size or 0 for r in batch)
        finished = sum(not r.state.active for r in batch)
        return sent, total, finished, len(batch)

    def active_count(self) -> int:
        return len(self.model.find(lambda r: r.state.active))

    # Commands on rows ----------------------------------------------------------------------------

    def cancel(self, rows: Iterable[Row]) -> int:
        return sum(
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
                    self._remember_pending([row])
                if row not in self._batch:
                    self._batch.append(row)
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
        checked = await loop.run_in_executor(None, inspect, row.path)
        if isinstance(checked, Refusal):
            row.state, row.message = RowState.FAILED, checked.reason
            self._forget_pending(row)
            self.model.changed([row])
            return
        self._forget_pending(row)
        self.model.remove([row])
        self.enqueue([checked])

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
        loop = asyncio.get_running_loop()
        collected = await loop.run_in_executor(None, collect, paths)
        self._show_refusals(collected.refusals)
        self.enqueue(collected.media)

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
            self._forget_pending(row)
            if row in self._batch:
                self._batch.remove(row)
        self.model.remove(rows)
        self.totals_changed.emit()
        return len(rows)

    # URLs out ------------------------------------------------------------------------------------

    def copy(self, rows: Iterable[Row], fmt: str | None = None, *, announce: bool = True) -> int:
        now = self.clock()
        rows = list(rows)
        live = [r for r in rows if r.is_live(now)]
        if not live:
            if announce:
                expired = any(r.is_expired(now) for r in rows)
                self.message.emit(
                    self.tr("That URL has expired: use Re-upload to get a new one.")
                    if expired
                    else self.tr("Nothing to copy: no URL yet for the selected file(s).")
                )
            return 0
        chosen: Format = fmt or self.settings.get("copy_format")  # type: ignore[assignment]
        shared = [Shared(r.url or "", r.name, r.kind) for r in live]
        QGuiApplication.clipboard().setText(render(shared, chosen, self.base_url_for_snippets()))
        if announce:
            left_out = len(rows) - len(live)
            sentence = self.tr("Copied %n URL(s).", "", len(live))
            if left_out:
                sentence += " " + self.tr("%n expired or unfinished left out.", "", left_out)
            self.message.emit(sentence)
        return len(live)

    def copy_all_live(self, fmt: str | None = None) -> int:
        return self.copy(self.model.find(lambda r: r.is_live(self.clock())), fmt)

    def base_url_for_snippets(self) -> str:
        return str(self.settings.get("base_url"))

    def open_url(self, row: Row) -> bool:
        if not row.url:
            return False
        return QDesktopServices.openUrl(QUrl(row.url))

    def reveal(self, row: Row) -> bool:
        if not row.path or not os.path.exists(row.path):
            self.message.emit(self.tr("The file is no longer on this computer."))
            return False
        return desktop.reveal(Path(row.path))

    # Key and settings ----------------------------------------------------------------------------

    def save_key(self, key: str) -> str:
        """Keep the key and go on with paused uploads; returns a sentence about where it went."""
        overridden = self.keys.source is KeySource.ENV
        source = self.keys.save(key)  # SettingsError carries the sentence for a bad key
        if not self.demo:
            self.client.set_api_key(key.strip())  # the key typed now, even over the environment's
            self.engine.resume(key.strip())
        self.key_accepted.emit()
        if overridden:
            return self.tr(
                "Saved, and used until the app closes. APIMODELS_API_KEY is set in the "
                "environment and wins at the next start: change or remove it there."
            )
        if source is KeySource.KEYRING:
            return self.tr("Saved in the system keyring.")
        return self.tr(
            "This computer has no secure key storage, so the key is kept only until the app closes."
        )

    async def test_key(self, key: str, base_url: str) -> tuple[bool, str]:
        key = key.strip()
        if not key:
            return False, self.tr("Paste a key first.")
        from app.core.api import FilesClient

        probe = FilesClient(base_url=base_url, api_key=key)
        try:
            ok = await probe.check_key()
        except UploadError as exc:
            return False, self.tr("Could not check the key: %1").replace("%1", str(exc))
        finally:
            await probe.aclose()
        if ok:
            return True, self.tr("The key works.")
        return False, self.tr("The service refused this key. Copy it again from your account page.")

    def apply_settings(self, values: dict[str, object]) -> None:
        for name, value in values.items():
            self.settings.set(name, value)  # raises SettingsError with a sentence
        try:
            self.settings.save()
        except OSError as exc:
            raise SettingsError(
                self.tr("The settings could not be saved (%1).").replace("%1", str(exc))
            ) from None
        self.engine.concurrency = self.settings.get("concurrency")
        self.engine.options.direct = self.settings.get("direct_small_files")
        if not self.demo:
            self.client.base_url = str(self.settings.get("base_url")).rstrip("/")

    def key_status(self) -> str:
        source = self.keys.source
        if self.demo:
            return self.tr("Demo mode uses a built-in key.")
        if source is KeySource.ENV:
            return self.tr("The key comes from the APIMODELS_API_KEY environment variable.")
        if source is KeySource.KEYRING:
            return self.tr("A key is saved in the system keyring.")
        if source is KeySource.SESSION:
            return self.tr("The key is kept only until the app closes (no secure storage here).")
        if not KeyStore.secure_storage_available():
            return self.tr(
                "No key yet. This computer has no secure key storage: a key you enter is kept "
                "only until the app closes."
            )
        return self.tr("No key yet.")

    def describe_size(self, n: int) -> str:
        return human_size(n)
