"""A watched folder: new images, videos and audio that appear in it are handed over once complete.

Everything here runs in threads of its own (watchdog's observer and one worker), never on the
window's: the observer only notes which names moved, the worker stats, waits and sniffs. A file
is complete when its size and modification time have not changed for ``settle`` seconds; names
that programs use while they are still writing (``.part``, ``.crdownload``, ``.tmp``, ``~x``,
``.x``) are ignored until they are renamed. Events can be lost (a burst overflows inotify's
queue, a network drive sends none), so the folder is also listed again every ``rescan`` seconds.

A file is handed over once per version (its size and modification time). What was in the folder
before watching began is left alone, and so is what was handed over before a restart: the state
file keeps a watermark, the moment up to which everything in the folder has been dealt with.
Files whose change time is past it (they arrived while the app was closed, or were still being
written when it quit) are looked at again; the window's history check keeps a file that was
already uploaded from going twice.

A folder that disappears (deleted, renamed, an unplugged drive) is reported once, and watching
starts again by itself when it is back.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .media import Caps, Media, Refusal, inspect
from .reasons import Reason

log = logging.getLogger("apimodels.watch")

__all__ = ["FolderWatch", "WatchOptions", "is_temporary"]

#: Suffixes of files still being written by browsers, downloaders and editors.
TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".!qb")
#: Refusals that mean "not something to upload", skipped quietly in a watched folder.
_QUIET = frozenset({"not_media", "empty", "special", "is_folder", "not_found", "link_dangling"})


def is_temporary(name: str) -> bool:
    lowered = name.lower()
    return name.startswith(("~", ".")) or lowered.endswith(TEMPORARY_SUFFIXES)


@dataclass(frozen=True)
class WatchOptions:
    settle: float = 1.0  # seconds a file's size and time must stay still
    tick: float = 0.2  # how often pending files are looked at
    rescan: float = 2.0  # how often the whole folder is listed again
    batch: int = 250  # files handed over at most in one call
    caps: Caps = field(default_factory=Caps)


def _key(st: os.stat_result) -> int:
    """When the file last arrived or changed: the change time moves on a rename into the folder
    and on a copy that keeps the old modification time."""
    return max(st.st_mtime_ns, st.st_ctime_ns)


@dataclass
class _Pending:
    size: int
    mtime_ns: int
    since: float  # monotonic time it was last seen changing


class FolderWatch:
    """Watches one folder; ``on_ready`` gets lists of Media (and refusals worth telling),
    ``on_problem`` a Reason when the folder goes or comes back. Both are called from the
    worker thread."""

    def __init__(
        self,
        folder: Path,
        state_file: Path,
        *,
        on_ready: Callable[[list[Media | Refusal]], None],
        on_problem: Callable[[Reason], None],
        options: WatchOptions | None = None,
    ) -> None:
        self.folder = Path(os.path.abspath(folder))  # events name files under it as given
        self.state_file = state_file
        self.on_ready = on_ready
        self.on_problem = on_problem
        self.options = options or WatchOptions()
        self._events: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer: Any = None
        self._pending: dict[str, _Pending] = {}
        self._handed: dict[str, tuple[int, int]] = {}  # path -> (size, mtime) handed over
        self._watermark = 0
        self._missing = False
        self.handed_count = 0

    # Start and stop -------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="watched folder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._events.put(None)
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._stop_observer()

    # The worker -----------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._watermark = self._load_watermark()
            self._attach()
            next_scan = next_check = 0.0
            while not self._stop.is_set():
                now = time.monotonic()
                if now >= next_scan:
                    next_scan = now + self.options.rescan
                    self._scan()
                if now >= next_check:
                    # Once a tick, however many events came: a burst is handed over in a few
                    # large batches, not a hundred small ones (each costs the window a repaint).
                    next_check = now + self.options.tick
                    self._check_pending()
                self._drain(max(0.0, min(next_check, next_scan) - time.monotonic()))
        except Exception:  # a watch that breaks must say so in the log, not take the app down
            log.exception("the watched folder stopped")

    def _attach(self) -> None:
        """Start the observer if the folder is there; say so once when it is not."""
        if self.folder.is_dir():
            self._start_observer()
            if self._missing:
                self._missing = False
                self.on_problem(Reason.of("watch_back", path=str(self.folder)))
            return
        if not self._missing:
            self._missing = True
            self._stop_observer()
            self._pending.clear()
            self.on_problem(Reason.of("watch_missing", path=str(self.folder)))

    def _start_observer(self) -> None:
        if self._observer is not None:
            return
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        events = self._events

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.is_directory:
                    return
                target = getattr(event, "dest_path", "") or event.src_path
                events.put(os.fsdecode(target))

        observer = Observer()
        try:
            observer.schedule(Handler(), str(self.folder), recursive=False)
            observer.start()
        except OSError:  # gone between the check and the watch: the next scan says so
            log.info("the watched folder could not be watched", exc_info=True)
            return
        self._observer = observer

    def _stop_observer(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            with contextlib.suppress(Exception):
                observer.stop()
                observer.join(5)

    def _drain(self, wait: float) -> None:
        """Names the observer reported, waiting up to ``wait`` for the first."""
        try:
            item = self._events.get(timeout=wait)
        except queue.Empty:
            return
        while item is not None:
            self._consider(item)
            time.sleep(0)  # as above: a burst of events must not hold the window's thread back
            try:
                item = self._events.get_nowait()
            except queue.Empty:
                return

    def _consider(self, path: str) -> None:
        name = os.path.basename(path)
        if is_temporary(name) or os.path.dirname(path) != str(self.folder):
            return
        try:
            st = os.stat(path)
        except OSError:
            self._pending.pop(path, None)
            return
        if not stat.S_ISREG(st.st_mode):
            return
        if self._handed.get(path) == (st.st_size, st.st_mtime_ns):
            return  # this version went already
        known = self._pending.get(path)
        if known is None or (known.size, known.mtime_ns) != (st.st_size, st.st_mtime_ns):
            self._pending[path] = _Pending(st.st_size, st.st_mtime_ns, time.monotonic())

    def _scan(self) -> None:
        """List the folder: what arrived past the watermark and is not handed or pending."""
        self._attach()
        if self._missing:
            return
        started = time.time_ns()
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if entry.path in self._pending or is_temporary(entry.name):
                        continue
                    try:
                        st = entry.stat(follow_symlinks=True)
                    except OSError:
                        continue
                    if not stat.S_ISREG(st.st_mode) or _key(st) <= self._watermark:
                        continue
                    if self._handed.get(entry.path) != (st.st_size, st.st_mtime_ns):
                        self._consider(entry.path)
        except OSError:
            self._attach()  # gone while listing
            return
        if not self._pending:
            # Everything up to the start of this listing is dealt with. A second of margin:
            # some file systems keep times to the second.
            self._save_watermark(started - 1_000_000_000)

    def _check_pending(self) -> None:
        if not self._pending:
            return
        now = time.monotonic()
        ready: list[str] = []
        for path, known in list(self._pending.items()):
            try:
                st = os.stat(path)
            except OSError:
                del self._pending[path]  # renamed away or deleted before it was complete
                continue
            if (st.st_size, st.st_mtime_ns) != (known.size, known.mtime_ns):
                self._pending[path] = _Pending(st.st_size, st.st_mtime_ns, now)
            elif st.st_size > 0 and now - known.since >= self.options.settle:
                ready.append(path)
        for start in range(0, len(ready), self.options.batch):
            self._hand_over(ready[start : start + self.options.batch])

    def _hand_over(self, paths: list[str]) -> None:
        items: list[Media | Refusal] = []
        for path in paths:
            known = self._pending.pop(path)
            self._handed[path] = (known.size, known.mtime_ns)
            item = inspect(path, self.options.caps)
            time.sleep(0)  # let the window's thread have the GIL between files, not every 5 ms
            if isinstance(item, Refusal):
                code = item.why.code if isinstance(item.why, Reason) else ""
                if code in _QUIET:
                    continue  # a text file, a half-made one: nothing to say in a watched folder
            items.append(item)
        if items:
            self.handed_count += sum(isinstance(i, Media) for i in items)
            self.on_ready(items)

    # The watermark ----------------------------------------------------------------------------

    def _load_watermark(self) -> int:
        """Where this folder's watch left off; for a folder never watched, now (what is in it
        already is not sent)."""
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
            if state.get("folder") == str(self.folder):
                return int(state["since_ns"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        now = time.time_ns()
        self._save_watermark(now)
        return now

    def _save_watermark(self, since_ns: int) -> None:
        if since_ns <= self._watermark:
            return
        self._watermark = since_ns
        from .private import PRIVATE_FILE

        text = json.dumps({"folder": str(self.folder), "since_ns": since_ns})
        temporary = self.state_file.with_suffix(".tmp")
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, self.state_file)
        except OSError:
            log.warning("the watched folder's state could not be saved", exc_info=True)
