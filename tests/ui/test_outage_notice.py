"""A service that is down, seen from the window (issue 16, item 4): one notice, the files stay
queued (no failure on every row), and everything goes on by itself when it answers again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl

from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop
from tests.ui.test_window_e2e import drop


def test_a_down_service_shows_one_notice_keeps_the_files_and_goes_on_by_itself(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window()
    engine = window.controller.engine
    engine.options.probe_first = 0.5  # the real first wait is 30 s
    engine.options.retry = type(engine.options.retry)(base=0.01, cap=0.02)
    local_server.faults.api_status(503, times=3)  # a gateway saying "down", three in a row
    files = []
    for i in range(4):
        path = tmp_path / f"p{i}.png"
        path.write_bytes(make_png(seed=i))
        files.append(path)
    drop(window, [QUrl.fromLocalFile(str(p)) for p in files])
    aloop.until(lambda: any("not answering" in t for t in window.notices.texts()), 8)
    (text,) = [t for t in window.notices.texts() if "not answering" in t]
    assert "asks again by itself" in text
    rows = window.controller.model.rows
    assert not [r for r in rows if r.state is RowState.FAILED]
    # Those that were waiting for their next try wait for the service now, as the rest do.
    assert not [r for r in rows if r.state is RowState.RETRYING]
    # The service answers again: the notice goes, and every file goes up.
    aloop.until(lambda: all(r.state is RowState.DONE for r in rows), 10)
    assert not any("not answering" in t for t in window.notices.texts())


def test_a_history_with_a_damaged_row_lists_the_rest_and_says_how_many(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    """Issue 16, item 8, seen from the window: the rest of the list is there, one notice."""
    import sqlite3

    from tests.core.test_history_damage import filled

    profile.history.parent.mkdir(parents=True, exist_ok=True)
    filled(profile.history, rows=3)
    db = sqlite3.connect(profile.history)
    db.execute(
        "UPDATE uploads SET public_url = CAST(X'68747470733A2F2FFF2E706E67' AS TEXT) WHERE size = 1"
    )
    db.commit()
    db.close()
    window = make_window()
    aloop.until(lambda: len(window.controller.model.rows) == 2, 8)
    aloop.until(lambda: any("could not be read (damaged)" in t for t in window.notices.texts()), 8)
    (text,) = [t for t in window.notices.texts() if "damaged" in t]
    assert text.startswith("1 entry of the upload history") and "is not shown" in text


def test_a_retry_after_the_last_byte_does_not_leave_the_title_at_100_percent(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    """Issue 16, item 11: after a checksum failure (every byte sent, then refused) the title
    said "100 % · 0/1" while the file waited to go again."""
    window = make_window()
    engine = window.controller.engine
    engine.options.retry = type(engine.options.retry)(base=3.0, cap=3.0)
    local_server.faults.put_status(500, times=1)  # the whole body taken, then refused
    path = tmp_path / "a.png"
    path.write_bytes(make_png(300, 300))
    drop(window, [QUrl.fromLocalFile(str(path))])
    rows = window.controller.model.rows
    aloop.until(lambda: len(rows) == 1 and rows[0].state is RowState.RETRYING, 8)
    window._update_totals()
    assert "100 %" not in window.windowTitle(), window.windowTitle()
    assert window.windowTitle().startswith("0 % · 0/1")
