"""The batch's URLs to the clipboard once, when the batch ends, and only if nobody needed it since.

Copying as each upload finished rewrote the clipboard four times a second for a whole batch, and
whatever the person copied meanwhile was gone. Now the clipboard is written once, when the queue
falls idle, in the order the files were dropped; a copy by anyone else while the batch ran (in
this app or another) means the clipboard is theirs, and the window offers the URLs instead.

Files a drop found already uploaded (the duplicates offer) belong to the same batch: "Use the
existing URLs" adds their rows, and the copy holds the whole drop in its order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from app.ui.table.rows import Row, RowState

if TYPE_CHECKING:
    from app.ui.control.controller import Controller


@dataclass
class BatchResult:
    """What a finished batch did, for the notice that says so."""

    done: int
    failed: int
    rows: list[Row] = field(default_factory=list)  # the live rows, in drop order
    copied: int = 0  # URLs put on the clipboard
    fmt: str = ""  # in which format
    clipboard_taken: bool = False  # not copied: something else was copied meanwhile


class BatchCopy(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self._order: dict[int, int] = {}  # row uid -> its place in the drops (a running count)
        self._drop: dict[int, int] = {}  # row uid -> which drop it came with
        self._count = itertools.count()
        self._drops = itertools.count()
        self.extra: list[Row] = []  # rows of earlier uploads that join this batch's copy
        self.wanted = False  # asked for explicitly (the duplicates offer), even with auto-copy off
        self.taken = False  # the clipboard changed hands while the batch ran
        self._writing = False
        self.last: BatchResult | None = None
        QGuiApplication.clipboard().dataChanged.connect(self._on_clipboard_changed)

    def note_drop(self, rows: Iterable[Row]) -> None:
        """The rows of one drop (new uploads and earlier ones it found again), in its order."""
        drop = next(self._drops)
        for row in rows:
            self._order[row.uid] = next(self._count)
            self._drop[row.uid] = drop

    def in_drop_order(self, rows: Iterable[Row]) -> list[Row]:
        unique = list(dict.fromkeys(rows))
        return sorted(unique, key=lambda r: self._order.get(r.uid, -1))

    def _on_clipboard_changed(self) -> None:
        if not self._writing and self.c.news.batch:
            self.taken = True

    def join(self, rows: Sequence[Row]) -> int:
        """Rows already uploaded that the person wants with this batch (the duplicates offer).

        With uploads still running, they are copied with the rest when the batch ends; with none,
        now, together with the batch that just ended. Returns how many URLs were copied now."""
        if self.c.news.batch:
            self.extra.extend(rows)
            self.wanted = True
            return 0
        drops = {self._drop.get(r.uid) for r in rows}
        last = self.last.rows if self.last is not None else []
        dropped_with = [r for r in last if self._drop.get(r.uid) in drops]
        return self._write(self.in_drop_order([*rows, *dropped_with]))

    def _write(self, rows: Sequence[Row]) -> int:
        self._writing = True
        try:
            return self.c.copy(rows, announce=False)
        finally:
            self._writing = False

    def finish(self, batch: Sequence[Row]) -> BatchResult:
        """The batch has ended: copy it once, unless the clipboard is someone else's now."""
        now = self.c.clock()
        done = sum(r.state is RowState.DONE for r in batch)
        failed = sum(r.state is RowState.FAILED for r in batch)
        live = [r for r in self.in_drop_order([*batch, *self.extra]) if r.is_live(now)]
        result = BatchResult(done, failed, live)
        if live and (self.wanted or self.c.settings.get("auto_copy")):
            if self.taken:
                result.clipboard_taken = True
            else:
                result.copied = self._write(live)
                result.fmt = str(self.c.settings.get("copy_format"))
        self.extra, self.wanted, self.taken = [], False, False
        self.last = result
        return result

    def copy_last(self) -> int:
        """The notice's Copy button: the last batch's URLs, whatever the clipboard holds."""
        if self.last is None:
            return 0
        return self._write(self.last.rows)
