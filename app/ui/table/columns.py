"""The upload list's columns, the item roles its views ask for, and the order states sort in."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.ui.table.rows import RowState

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(IntEnum):
    NAME = 0
    SIZE = 1
    KIND = 2
    STATUS = 3  # the state; while uploading, a bar with percent, speed and time left
    URL = 4
    EXPIRES = 5


STATE_ORDER = (
    RowState.DOWNLOADING,
    RowState.FITTING,
    RowState.UPLOADING,
    RowState.RETRYING,
    RowState.QUEUED,
    RowState.FAILED,
    RowState.INTERRUPTED,
    RowState.OVER_LIMIT,
    RowState.REFUSED,
    RowState.CANCELLED,
    RowState.DONE,
)
