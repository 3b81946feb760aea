"""Files in: dropped or chosen files and folders are checked, duplicates offered, the rest queued.

File reads and hashing run in worker threads; only the results come back to the GUI thread.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from app.core.history import Record
from app.core.media import Media, Refusal, collect, file_sha256
from app.core.private import PRIVATE_FILE, private_dir
from app.ui.table.rows import Row, RowState
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

REFUSAL_ROWS = 20  # more refusals than this become one sentence instead of a row each
# Files queued per turn of the loop: 10,000 at once held the window for over half a second.
QUEUE_BATCH = 250


def _unchanged_since(media: Media, moment: datetime) -> bool:
    """Whether the file is as it was at that moment: neither written (mtime) nor replaced or
    renamed over (ctime, which no program can set back)."""
    try:
        st = os.stat(media.path)
    except OSError:
        return False
    last = max(st.st_mtime_ns, st.st_ctime_ns)
    return st.st_size == media.size and last <= moment.timestamp() * 1_000_000_000


class FilesIn(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller

    async def add_paths(self, paths: Sequence[str]) -> list[Row]:
        """Check files and folders off the GUI thread, offer duplicates, queue the rest."""
        c = self.c
        if not paths:
            return []
        c.message.emit(self.tr("Checking %n item(s)…", "", len(paths)))
        loop = asyncio.get_running_loop()
        caps = self.c.media_prep.walk_caps()
        collected = await loop.run_in_executor(None, collect, list(paths), caps)
        self.show_refusals(collected.refusals)
        if summary := collected.summary_reasons():
            c.notice.emit(" ".join(reasons.render(why) for why in summary))
        media = collected.media
        fresh, duplicates = await self._split_duplicates(media)
        # Cleaned (location removed) and, over a cap, offered a fit: what goes is a private copy,
        # whose source_path is the file dropped; the drop's order follows the files dropped.
        prepared = await c.media_prep.prepare(fresh)
        rows = await self.enqueue_in_batches(prepared)
        by_path = {str(m.source_path): r for m, r in zip(prepared, rows, strict=True)}
        by_path.update((str(m.path), r) for m, r in duplicates)
        c.batch_copy.note_drop([by_path[str(m.path)] for m in media if str(m.path) in by_path])
        if duplicates:
            c.duplicates_found.emit(duplicates)
        if not media and not collected.refusals:
            c.message.emit(self.tr("Nothing to upload there: no images, videos or audio."))
        return rows

    async def _split_duplicates(
        self, media: list[Media]
    ) -> tuple[list[Media], list[tuple[Media, Row]]]:
        """Files already uploaded and still live, to offer their URL instead of a new upload.

        First the quick fingerprint: the same path and size as a live upload, not modified (nor
        replaced: the change time counts too) since it went. Only files that leaves open, and
        whose size some live upload has, are hashed, all at once in worker threads.
        """
        history = self.c.history
        if history is None or not media:
            return media, []
        now = self.c.clock()
        loop = asyncio.get_running_loop()
        found: dict[int, Record] = {}
        paths = [str(m.path) for m in media]
        # Both lookups on the engine's thread, where the history's connection lives.
        by_path, sizes = await asyncio.wrap_future(
            history.ask(lambda h: (h.live_at_paths(paths, now), h.live_sizes(now)))
        )
        quick = [(i, r) for i, m in enumerate(media) if (r := by_path.get((str(m.path), m.size)))]
        if quick:
            same = await loop.run_in_executor(
                None, lambda: [_unchanged_since(media[i], r.uploaded_at) for i, r in quick]
            )
            found.update((i, r) for (i, r), ok in zip(quick, same, strict=True) if ok)
        to_hash = [i for i, m in enumerate(media) if i not in found and m.size in sizes]
        digests = await asyncio.gather(
            *(loop.run_in_executor(None, file_sha256, media[i].path) for i in to_hash)
        )
        wanted = [(i, media[i].size, d) for i, d in zip(to_hash, digests, strict=True) if d]
        if wanted:
            live = await asyncio.wrap_future(
                history.ask(
                    lambda h: [h.find_live(size=size, sha256=d, now=now) for _, size, d in wanted]
                )
            )
            for (i, _, _), record in zip(wanted, live, strict=True):
                if record:
                    found[i] = record
        fresh, duplicates = [], []
        for i, item in enumerate(media):
            if (record := found.get(i)) is None:
                fresh.append(item)
                continue
            existing = [r for r in self.c.model.rows if r.record_id == record.id]
            row = existing[0] if existing else Row.from_record(record)
            if not existing:
                self.c.model.insert([row])
            duplicates.append((item, row))
        return fresh, duplicates

    def show_refusals(self, refusals: list[Refusal]) -> None:
        if not refusals:
            return
        if len(refusals) <= REFUSAL_ROWS:
            rows = [
                Row(r.path.name, "", RowState.REFUSED, r.size, path=str(r.path), message=r.why)
                for r in refusals
            ]
            self.c.model.insert(rows)
            if len(refusals) == 1:
                self.c.message.emit(reasons.render(refusals[0].why))
            return
        examples = self.tr("; ").join(reasons.render(r.why) for r in refusals[:3])
        self.c.notice.emit(
            self.tr("%n file(s) could not be added, for example: %1", "", len(refusals)).replace(
                "%1", examples
            )
        )

    async def enqueue_in_batches(self, media: Sequence[Media]) -> list[Row]:
        """Queued a few hundred at a time, the window painting in between; the list shows them
        in their order, each batch under the one before, and the uploads go in the same order."""
        if len(media) <= QUEUE_BATCH:
            return self.enqueue(media)
        rows: list[Row] = []
        for start in range(0, len(media), QUEUE_BATCH):
            below = rows[-1] if rows else None
            rows += self.enqueue(media[start : start + QUEUE_BATCH], below=below, announce=False)
            await asyncio.sleep(0)
        self._announce(len(rows))
        return rows

    def enqueue(
        self, media: Iterable[Media], *, below: Row | None = None, announce: bool = True
    ) -> list[Row]:
        c = self.c
        items = list(media)
        if not items:
            return []
        rows = [Row.from_media(m) for m in items]
        c.news.remember_pending(rows)
        for row, job in zip(rows, c.engine.add(items), strict=True):
            row.job_id = job.id
        c.model.insert(rows, below=below)
        c.media_prep.describe(rows)
        c.news.batch.extend(rows)
        c.totals_changed.emit()
        if announce:
            self._announce(len(rows))
        return rows

    def _announce(self, count: int) -> None:
        if self.c.model.waiting_for_key:
            self.c.message.emit(self.tr("%n file(s) wait for the API key.", "", count))
        else:
            self.c.message.emit(self.tr("Queued %n file(s).", "", count))

    async def add_image(self, image: QImage) -> list[Row]:
        """A pasted picture (a screenshot) becomes a PNG in the cache folder, then an upload."""
        folder = self.c.paths.cache / "pasted"
        stamp = self.c.clock().astimezone().strftime("%Y-%m-%d %H.%M.%S")
        target = folder / f"Pasted image {stamp}.png"

        def save() -> bool:
            nonlocal target
            private_dir(self.c.paths.cache)
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
            self.c.notice.emit(
                self.tr(
                    "The pasted picture could not be saved in %1. Check that the disk has room."
                ).replace("%1", str(folder))
            )
            return []
        return await self.add_paths([str(target)])

    async def reupload(self, paths: list[str]) -> list[Row]:
        loop = asyncio.get_running_loop()
        collected = await loop.run_in_executor(None, collect, paths, self.c.media_prep.walk_caps())
        self.show_refusals(collected.refusals)
        # Cleaned and fitted again, as the first time: the original is what history keeps.
        return await self.enqueue_in_batches(
            await self.c.media_prep.prepare(collected.media, refit=True)
        )

    async def enqueue_prepared(self, media: list[Media]) -> list[Row]:
        """Clean (and fit) before the queue, as a drop does."""
        return await self.enqueue_in_batches(await self.c.media_prep.prepare(media))
