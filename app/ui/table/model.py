"""The upload list as a table model: every row's state lives here and nowhere else.

Views ask for what they paint; nothing is computed for rows nobody looks at. Countdowns are worked
out at paint time from the clock, so the one refresh timer only has to say "repaint these cells".
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont

from app.core.escape import escape_controls
from app.ui.desktop import icons, tones
from app.ui.table import media_text, row_button
from app.ui.table.columns import ROW_ROLE, SORT_ROLE, STATE_ORDER, Column, Index
from app.ui.table.rows import Row, RowState
from app.ui.table.sort_keys import sort_keys, sort_rows
from app.ui.table.thumbs import ThumbnailCache
from app.ui.words import reasons, text

_COLUMNS = len(Column)
#: Up to this many persistent indexes, a sort finds their rows by a search of the list (each a
#: scan in C) and leaves renumbering every row to the loop's next turn.
PERSISTENT_LOOKUPS = 16
_KIND_ICONS = {"image": "image", "video": "video", "audio": "audio"}
_STATE_ICONS = {
    RowState.DONE: "done",
    RowState.FAILED: "failed",
    RowState.REFUSED: "failed",
    RowState.INTERRUPTED: "warning",
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


class UploadsModel(QAbstractTableModel):
    arrived = Signal(list, bool)  # rows just inserted, and whether at the top (new, not history)

    def __init__(
        self,
        parent: Any = None,
        *,
        clock: Callable[[], datetime] = _utcnow,
        loop_time: Callable[[], float] = time.monotonic,
        thumbs: ThumbnailCache | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.loop_time = loop_time
        self._rows: list[Row] = []
        # uid -> slot; a row's position is its slot minus _base. Rows put in at the top take
        # slots below _base and lower it, so an insert at either end touches only the new rows
        # (renumbering every row on each insert made filling 100,000 rows quadratic).
        self._index: dict[int, int] = {}
        self._base = 0
        self._stale = False  # the positions in _index wait for _renumber (after a sort)
        # How many rows are in each state, kept as rows come, change and go: the buttons and the
        # status bar ask this at every tick instead of looking at every row.
        self._states: Counter[RowState] = Counter()
        self._seen: dict[int, RowState] = {}
        self._last_expiry: datetime | None = None  # the latest expiry of any row with a URL
        # Told which rows changed (the batch's running totals listen).
        self.watchers: list[Callable[[list[Row]], None]] = []
        self._jobs: dict[int, Row] = {}
        self._paths: dict[str, list[Row]] = {}
        # The order rows came in (newest at the top), to go back to when a sort is undone.
        self._arrival: dict[int, int] = {}
        self._top = self._bottom = 0
        self._sort: tuple[Column, Qt.SortOrder] | None = None
        # No row expires before this moment (a filter on expiry is right until then).
        self.next_expiry: datetime | None = None
        self.thumbs: ThumbnailCache | None = None
        self.pixel_ratio = 2.0  # status marks are drawn for HiDPI and scaled down elsewhere
        self.waiting_for_key = False  # queued rows wait for a key, not for their turn
        self.fold_expiry = False  # a narrow window hides the Expires column: say it in Status
        self.max_attempts = 5  # the engine's retries and the first try (set on the first retry)
        if thumbs is not None:
            self.use_thumbs(thumbs)

    def use_thumbs(self, thumbs: ThumbnailCache) -> None:
        """Thumbnails from ``thumbs`` (the controller's, which may come after the model)."""
        self.thumbs = thumbs
        thumbs.ready.connect(self._on_thumbnail_ready)

    # Qt's model interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        # A constant, not len(Column): Qt asks this for every selected cell on each repaint.
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(Column):
            return None
        return (
            self.tr("Name"),
            self.tr("Size"),
            self.tr("Type"),
            self.tr("Status"),
            self.tr("Public URL"),
            self.tr("Expires in"),
        )[section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.row() < len(self._rows) and self._rows[index.row()].is_live(self.clock()):
            flags |= Qt.ItemFlag.ItemIsDragEnabled  # a finished row drags out as its URL
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole and column == Column.NAME:
            return self.sentence(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column != Column.NAME:
            return self.spoken_cell(row, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, column)
        if role == Qt.ItemDataRole.FontRole and column == Column.EXPIRES:
            if row.expires_soon(self.clock()):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.SIZE, Column.EXPIRES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # What each cell says -------------------------------------------------------------------------

    def status_text(self, row: Row) -> str:
        state = row.state
        if (media_words := media_text.status(row)) is not None:
            return media_words
        if state is RowState.QUEUED:
            if self.waiting_for_key:
                return self.tr("Waiting for the API key")
            return self.tr("Queued")
        if state is RowState.UPLOADING:
            return self.tr("Uploading")
        if state is RowState.DOWNLOADING:
            return self.tr("Downloading")
        if state is RowState.RETRYING:
            wait = max(0, round((row.retry_at or 0) - self.loop_time()))
            return (
                self.tr("Retrying in %1 s (attempt %2 of %3)")
                .replace("%1", str(wait))
                .replace("%2", str(row.attempt))
                .replace("%3", str(self.max_attempts))
            )
        if state is RowState.DONE:
            if row.is_expired(self.clock()):
                return self.tr("Expired")
            if self.fold_expiry and row.expires_at is not None:
                left = text.countdown(row.expires_at - self.clock())
                return self.tr("Done · %1 left").replace("%1", left)
            return self.tr("Done")
        if state is RowState.CANCELLED:
            return self.tr("Cancelled")
        if state is RowState.INTERRUPTED:
            return self.tr("Interrupted: the app closed before this finished")
        if state is RowState.REFUSED:
            return self.tr("Not added: %1").replace("%1", self.reason(row))
        return self.tr("Failed: %1").replace("%1", self.reason(row))

    def reason(self, row: Row) -> str:
        """Why, worded; names and server words in it show no control or bidi character."""
        return escape_controls(reasons.render(row.message))

    def sentence(self, row: Row) -> str:
        """The row as a screen reader says it: "photo.png, done, expires in 6 days 23 hours"."""
        parts = [row.name, self.status_text(row)]
        if row.state.active:
            parts.append(self.progress_text(row))
        if row.expires_at is not None and row.is_live(self.clock()):
            left = text.countdown_words(row.expires_at - self.clock())
            parts.append(self.tr("expires in %1").replace("%1", left))
        return ", ".join(parts)

    def spoken_cell(self, row: Row, column: Column) -> str:
        """A cell as a screen reader says it: words, not "6 d 23 h"; the row's button named."""
        if column == Column.STATUS:
            if row.state.active:
                return f"{self.status_text(row)}, {self.progress_text(row)}"
            return self.status_text(row)
        if column == Column.EXPIRES:
            if row.expires_at is None:
                return ""
            return text.countdown_words(row.expires_at - self.clock())
        if column == Column.URL:
            action = row_button.action(row, self.clock())
            parts = [row.url or self.tr("no URL yet")]
            if action is not None:
                parts.append(row_button.spoken(action))
            return ", ".join(parts)
        return str(self._display(row, column))

    def progress_text(self, row: Row) -> str:
        """The line under the bar: "42 % · 3.1 MB/s · 12 s left"."""
        parts = [f"{row.fraction * 100:.0f} %"]
        if row.state is RowState.DOWNLOADING:  # "Downloading 42 %", or the bytes with no length
            got = f"{row.fraction * 100:.0f} %" if row.size else text.size(row.sent)
            parts = [self.tr("Downloading %1").replace("%1", got)]
        if row.state is RowState.UPLOADING and row.size and row.sent >= row.size:
            # Every byte is out; the service stores the file before it answers with the URL.
            parts.append(self.tr("waiting for the service's answer"))
        elif row.state in (RowState.UPLOADING, RowState.DOWNLOADING):
            rate = row.meter.speed()
            if rate:
                parts.append(text.speed(rate))
                left = row.meter.time_left(row.size or 0)
                if left is not None and row.size:
                    parts.append(self.tr("%1 left").replace("%1", text.duration(left)))
        return " · ".join(parts)

    def _display(self, row: Row, column: Column) -> Any:
        if column == Column.NAME:  # a U+202E in a name must not show "exe.png" for "gnp.exe"
            return escape_controls(row.name)
        if column == Column.SIZE:
            return text.size(row.size) if row.size is not None else ""
        if column == Column.KIND:
            return media_text.kind_cell(row)
        if column == Column.STATUS:
            if row.state in (RowState.UPLOADING, RowState.DOWNLOADING):  # the bar, and how
                return self.progress_text(row)
            if row.state is RowState.FITTING:
                return media_text.fit_progress(row)
            if row.state is RowState.RETRYING:  # when, which attempt, and why
                return f"{self.status_text(row)} · {self.reason(row)}"
            return self.status_text(row)
        if column == Column.URL:
            return row.url or ""
        if row.expires_at is None:
            return ""
        return text.countdown(row.expires_at - self.clock())

    def _sort_key(self, row: Row, column: Column) -> Any:
        if column == Column.SIZE:
            return row.size or 0
        if column == Column.STATUS:  # a number: Qt cannot order Python tuples
            return STATE_ORDER.index(row.state) + row.fraction
        if column == Column.EXPIRES:
            return row.expires_at.timestamp() if row.expires_at else float("inf")
        if column == Column.NAME:  # the name itself: escaping each for display took 80 % of a sort
            return row.name.casefold()
        return str(self._display(row, column)).casefold()

    def _tooltip(self, row: Row, column: Column) -> Any:
        if column == Column.STATUS and row.message:
            return text.plain_tooltip(reasons.render(row.message))
        if column == Column.URL and row.url:
            lines = self.tr("%1\nDouble-click or press Ctrl+C to copy.").split("\n")
            return text.plain_tooltip(*(line.replace("%1", row.url) for line in lines))
        if column == Column.EXPIRES and row.expires_at:
            return self.tr("Works until %1").replace("%1", text.local_time(row.expires_at))
        if column == Column.NAME and row.path:
            return text.plain_tooltip(row.path, *media_text.tooltip_lines(row))
        return None

    def _decoration(self, row: Row, column: Column) -> Any:
        if column == Column.NAME:
            if row.kind in ("image", "video") and row.path and self.thumbs is not None:
                thumb = self.thumbs.get(row.path)
                if thumb is not None:
                    return thumb
            return icons.icon(_KIND_ICONS.get(row.kind, "file"))
        if column == Column.STATUS:
            if row.state is RowState.DONE and row.is_expired(self.clock()):
                return None
            name = _STATE_ICONS.get(row.state)
            # A small mark beside the words, not the 40 px the thumbnails get.
            return icons.pixmap(name, 18, self.pixel_ratio) if name else None
        return None

    def _foreground(self, row: Row, column: Column) -> Any:
        # Quieter or coloured, always readable: 4.5:1 on the list in light and dark (tones.py).
        if row.is_expired(self.clock()) or row.state is RowState.CANCELLED:
            return tones.tone("muted")
        if column == Column.EXPIRES and row.expires_soon(self.clock()):
            return tones.tone("warn")
        if column == Column.STATUS and row.state in (RowState.FAILED, RowState.REFUSED):
            return tones.tone("error")
        return None

    # Changes -------------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    def row_at(self, position: int) -> Row:
        return self._rows[position]

    def position(self, row: Row) -> int | None:
        if self._stale:
            self._renumber()
        slot = self._index.get(row.uid)
        return None if slot is None else slot - self._base

    def count(self, predicate: Callable[[RowState], bool]) -> int:
        """Rows whose state passes, from the running counts (the states, not the rows)."""
        return sum(n for state, n in self._states.items() if n and predicate(state))

    def active_count(self) -> int:
        return self.count(lambda state: state.active)

    def any_live(self, now: datetime) -> bool:
        """Whether some row's URL still works: its latest expiry, kept as rows come."""
        return self._last_expiry is not None and self._last_expiry > now

    def _count(self, rows: Iterable[Row]) -> None:
        for row in rows:
            before = self._seen.get(row.uid)
            if before is row.state:
                continue
            if before is not None:
                self._states[before] -= 1
            self._states[row.state] += 1
            self._seen[row.uid] = row.state
        # (the latest expiry only grows here; a removal looks again)

    def _uncount(self, rows: Iterable[Row]) -> None:
        for row in rows:
            before = self._seen.pop(row.uid, None)
            if before is not None:
                self._states[before] -= 1

    def _note_latest(self, rows: Iterable[Row]) -> None:
        for row in rows:
            at = row.expires_at
            if row.url and at is not None and (self._last_expiry is None or at > self._last_expiry):
                self._last_expiry = at

    def rows_with_paths(self) -> Iterable[Row]:
        """The rows that name a file (from the lookup by path, not a walk over every row)."""
        return itertools.chain.from_iterable(self._paths.values())

    def find(self, predicate: Callable[[Row], bool]) -> list[Row]:
        return [row for row in self._rows if predicate(row)]

    def by_job(self, job_id: int) -> Row | None:
        return self._jobs.get(job_id)

    def note_job(self, row: Row) -> None:
        """A row already listed got its job (a fitted file queued on its row)."""
        if row.job_id is not None:
            self._jobs[row.job_id] = row

    def _renumber(self) -> None:
        """Every row's position from the list's order (after a sort, on the loop's next turn
        or when a position is first asked for: 20-30 ms at 100,000 rows)."""
        self._stale = False
        self._base = 0
        self._index = {row.uid: i for i, row in enumerate(self._rows)}

    def _reindex(self) -> None:
        self._renumber()
        # Engine events name jobs, thumbnails name paths: dicts keep each O(1) in a long list.
        self._jobs = {row.job_id: row for row in self._rows if row.job_id is not None}
        self._paths = {}
        for row in self._rows:
            if row.path:
                self._paths.setdefault(row.path, []).append(row)

    def insert(self, rows: Sequence[Row], *, at_top: bool = True, below: Row | None = None) -> None:
        """At the top (or the bottom); ``below``: at the top, but right under that row (the
        next batch of one drop goes under the batch before it; only the rows above it are
        renumbered, so it must be near the top). A sorted list puts them where they sort."""
        if not rows:
            return
        above = 0
        if at_top and below is not None and self._sort is None:
            where = self.position(below)
            above = 0 if where is None else where + 1
        first = above if at_top else len(self._rows)
        for row in reversed(rows) if at_top else rows:
            if at_top:
                self._top -= 1
            else:
                self._bottom += 1
            self._arrival[row.uid] = self._top if at_top else self._bottom
        for row in reversed(self._rows[:above]):  # they stay above the new rows
            self._top -= 1
            self._arrival[row.uid] = self._top
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows[first:first] = list(rows)
        self._index_new(rows, at_top=at_top, above=above)
        self.endInsertRows()
        self._note_expiries(rows)
        self._count(rows)
        self._note_latest(rows)
        if self._sort is not None:
            self._apply_sort()  # new rows take their place in the order the person chose
        self.arrived.emit(list(rows), at_top)  # the view brings them into sight (follow.py)

    def _index_new(self, rows: Sequence[Row], *, at_top: bool, above: int = 0) -> None:
        """The new rows (and the ``above`` rows over them) only: their slots, and the job and
        path lookups."""
        if at_top:
            self._base -= len(rows)
            for position in range(above):
                self._index[self._rows[position].uid] = self._base + position
            start = self._base + above
        else:
            start = self._base + len(self._rows) - len(rows)
        for i, row in enumerate(rows):
            self._index[row.uid] = start + i
            if row.job_id is not None:
                self._jobs[row.job_id] = row
            if row.path:
                self._paths.setdefault(row.path, []).append(row)

    # Sorting -------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here by a key computed once per row. A sort in the filter proxy asks the model
        for two keys per comparison through Qt: 260,000 calls into Python for 10,000 rows."""
        self._sort = (Column(column), order) if 0 <= column < len(Column) else None
        self._apply_sort()

    def _apply_sort(self) -> None:
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        if self._sort is None:
            arrival = self._arrival
            sort_rows(self._rows, [arrival.get(r.uid, 0) for r in before], descending=False)
        else:
            column, direction = self._sort
            keys = sort_keys(before, column, lambda r: self._sort_key(r, column))
            sort_rows(self._rows, keys, descending=direction == Qt.SortOrder.DescendingOrder)
        # Sorting moves rows, not jobs or paths: only the positions are renumbered, and not in
        # this turn, so that the sorted list is painted first. The few persistent indexes (the
        # current row; Select all is one range) find their rows in the list itself.
        old = self.persistentIndexList()
        if len(old) > PERSISTENT_LOOKUPS:
            self._renumber()
            new = [self.index(self._index[before[i.row()].uid], i.column()) for i in old]
        else:
            self._stale = True
            QTimer.singleShot(0, self, self._renumber_if_stale)
            find = self._rows.index
            new = [self.index(find(before[i.row()]), i.column()) for i in old]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _renumber_if_stale(self) -> None:
        if self._stale:
            self._renumber()

    # Expiry --------------------------------------------------------------------------------------

    def _note_expiries(self, rows: Iterable[Row]) -> None:
        now = self.clock()
        for row in rows:
            at = row.expires_at
            if (
                row.url
                and at is not None
                and at > now
                and (self.next_expiry is None or at < self.next_expiry)
            ):
                self.next_expiry = at

    def expiry_passed(self) -> bool:
        """Whether a row expired since the last call: only then does a filter on expiry change.

        Keeps the next moment a row expires, so the countdown's tick checks one date, not every
        row; the whole list is looked at again only when that moment has passed.
        """
        now = self.clock()
        if self.next_expiry is None or now < self.next_expiry:
            return False
        self.next_expiry = None
        self._note_expiries(self._rows)
        return True

    def remove(self, rows: Iterable[Row]) -> None:
        rows = list(rows)
        positions = sorted({p for r in rows if (p := self.position(r)) is not None})
        self._uncount(r for r in rows if r.uid in self._index)
        # Contiguous runs from the bottom up, so earlier positions stay valid.
        while positions:
            last = positions.pop()
            first = last
            while positions and positions[-1] == first - 1:
                first = positions.pop()
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._rows[first : last + 1]
            self.endRemoveRows()
        self._reindex()
        self._last_expiry = None
        self._note_latest(self._rows)

    def restore(self, rows: Sequence[Row]) -> None:
        """Rows removed a moment ago (Undo), back in their places: they keep their arrival."""
        arrival = {r.uid: self._arrival[r.uid] for r in rows if r.uid in self._arrival}
        self.insert(rows, at_top=False)
        self._arrival.update(arrival)
        self._apply_sort()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._arrival.clear()
        self._index.clear()
        self._stale = False
        self._jobs.clear()
        self._paths.clear()
        self._base = 0
        self._states.clear()
        self._seen.clear()
        self._last_expiry = None
        self.endResetModel()

    def changed(
        self, rows: Iterable[Row], first: Column = Column.NAME, last: Column = Column.EXPIRES
    ) -> None:
        """One dataChanged per run of adjacent rows: a span over rows far apart would make the
        filter proxy re-check every row in between, thousands of them in a long history."""
        rows = list(rows)
        self._note_expiries(rows)
        self._count(r for r in rows if r.uid in self._index)
        self._note_latest(rows)
        for watcher in self.watchers:
            watcher(rows)
        positions = sorted({p for r in rows if (p := self.position(r)) is not None})
        start = 0
        for i in range(1, len(positions) + 1):
            if i == len(positions) or positions[i] != positions[i - 1] + 1:
                self.dataChanged.emit(
                    self.index(positions[start], first), self.index(positions[i - 1], last)
                )
                start = i

    def refresh_cells(self, positions: Iterable[int], first: Column, last: Column) -> None:
        rows = [self._rows[p] for p in positions if 0 <= p < len(self._rows)]
        self.changed(rows, first, last)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )

    def _on_thumbnail_ready(self, path: str) -> None:
        self.changed(self._paths.get(path, ()), Column.NAME, Column.NAME)
