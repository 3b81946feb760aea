"""The current batch and its running totals: bytes sent, bytes in all, files finished, files.

The status bar and the title ask for the totals at every tick while uploads run; adding up every
row of a 10,000-file batch each time took a third of the GUI thread. Each row's share is kept
instead, and only rows that changed are looked at again (the model tells, through ``refresh``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from app.ui.table.rows import Row, RowState


class Batch:
    """The rows of the uploads that go together (a list in order, a set for lookups)."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}  # uid -> row, in the order they came
        self._share: dict[int, tuple[int, int, int, int]] = {}
        self._sent = self._total = self._finished = self._count = 0

    # A list's ways ------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Row]:
        return iter(list(self._rows.values()))

    def __len__(self) -> int:
        return len(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)

    def __contains__(self, row: object) -> bool:
        return isinstance(row, Row) and row.uid in self._rows

    def append(self, row: Row) -> None:
        self.extend([row])

    def extend(self, rows: Iterable[Row]) -> None:
        rows = list(rows)
        for row in rows:
            if row.uid not in self._rows:
                self._rows[row.uid] = row
        self.refresh(rows)

    def remove(self, row: Row) -> None:
        if self._rows.pop(row.uid, None) is not None:
            self._apply(row.uid, (0, 0, 0, 0))

    # The totals ---------------------------------------------------------------------------------

    def refresh(self, rows: Iterable[Row]) -> None:
        """These rows changed (state, bytes sent): their shares again."""
        for row in rows:
            if row.uid not in self._rows:
                continue
            if row.state is RowState.CANCELLED:  # a cancelled file no longer counts
                share = (0, 0, 0, 0)
            else:
                share = (row.sent, row.size or 0, int(not row.state.active), 1)
            self._apply(row.uid, share)

    def _apply(self, uid: int, share: tuple[int, int, int, int]) -> None:
        old = self._share.get(uid, (0, 0, 0, 0))
        if old == share:
            return
        if share == (0, 0, 0, 0):
            self._share.pop(uid, None)
        else:
            self._share[uid] = share
        self._sent += share[0] - old[0]
        self._total += share[1] - old[1]
        self._finished += share[2] - old[2]
        self._count += share[3] - old[3]

    def totals(self) -> tuple[int, int, int, int]:
        """(bytes sent, bytes in all, files finished, files in all)."""
        return self._sent, self._total, self._finished, self._count
