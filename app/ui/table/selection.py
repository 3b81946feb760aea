"""What the selected rows allow (copy, open, retry, cancel...), without a walk over 100,000 rows.

Select all on a long history is the whole model: its running counts (states, the latest expiry)
answer for the rare states, and a search that stops at the first hit for the common ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.ui.table.model import UploadsModel
from app.ui.table.rows import Row


@dataclass(frozen=True)
class Allowed:
    any: bool
    live: bool  # some URL still works: copy
    url: bool  # open
    path: bool  # show in folder
    retry: bool
    reupload: bool
    cancel: bool


def allowed_for(rows: Sequence[Row], now: datetime) -> Allowed:
    return Allowed(
        any=bool(rows),
        live=any(r.is_live(now) for r in rows),
        url=any(r.url for r in rows),
        path=any(r.path for r in rows),
        retry=any(r.state.can_retry for r in rows),
        reupload=any(r.url and r.path for r in rows),
        cancel=any(r.state.active for r in rows),
    )


def allowed_for_all(model: UploadsModel, now: datetime) -> Allowed:
    """Every row of the model: the counts it keeps instead of looking at each row."""
    rows = model.rows
    return Allowed(
        any=bool(rows),
        live=model.any_live(now),
        url=any(r.url for r in rows),
        path=any(True for _ in model.rows_with_paths()),
        retry=model.count(lambda state: state.can_retry) > 0,
        reupload=any(r.url for r in model.rows_with_paths()),
        cancel=model.active_count() > 0,
    )
