"""The keys a column sorts by, for every row in one pass.

One comprehension per column, not a method call per row: a sort of 100,000 rows spent most of
its time calling into the model for each row's key. The order these give is the one
``UploadsModel._sort_key`` gives for a single row (the SORT_ROLE the tests compare with).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

from app.ui.table.columns import STATE_ORDER, Column
from app.ui.table.rows import Row

_STATE_RANK = {state: rank for rank, state in enumerate(STATE_ORDER)}
_NEVER = datetime.max.replace(tzinfo=UTC)  # after every expiry: a row without one sorts last


def sort_keys(rows: Sequence[Row], column: Column, one: Callable[[Row], Any]) -> list[Any]:
    """Each row's key for ``column``; ``one`` makes the key of a column not listed here."""
    if column == Column.NAME:
        return [r.name.casefold() for r in rows]
    if column == Column.SIZE:
        return [r.size or 0 for r in rows]
    if column == Column.STATUS:
        rank = _STATE_RANK
        return [rank[r.state] + r.fraction for r in rows]
    if column == Column.EXPIRES:  # the dates themselves: a timestamp() per row took 30 ms
        return [r.expires_at or _NEVER for r in rows]
    return [one(r) for r in rows]


def sort_rows(rows: list[Row], keys: list[Any], *, descending: bool) -> None:
    """Sort ``rows`` in place by ``keys`` (one per row, in the same order); equal keys keep
    their order either way. list.sort asks its key function once per item, first to last, so
    handing it the keys one after the other (``next(keys, row)``) keeps the whole sort in C."""
    rows.sort(key=partial(next, iter(keys)), reverse=descending)
