"""One button per row, by state: × while it uploads, Retry when it failed, Copy when done,
Re-upload once expired; Enter presses it (but never ×); screen readers hear it and the cells."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.core.history import History
from app.ui.table.columns import Column
from app.ui.table.rows import Row, RowState
from tests.helpers import big_png, make_png
from tests.ui.conftest import Loop


def _click_button(window: Any, qtbot: Any, row: Row) -> None:
    model, view = window.controller.model, window.view
    index = window.proxy.mapFromSource(model.index(model.position(row), Column.URL))
    view.scrollTo(index)
    button = view.url_delegate.button_rect(view.visualRect(index))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())


def _spoken(window: Any, row: Row, column: Column) -> str:
    model = window.controller.model
    return str(
        model.data(model.index(model.position(row), column), Qt.ItemDataRole.AccessibleTextRole)
    )


def test_the_button_follows_the_state_and_does_what_it_says(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any, local_server: Any, profile: Any
) -> None:
    source = tmp_path / "old.png"
    source.write_bytes(make_png(9, 9, seed=91))
    history = History(profile.history)
    history.add(
        name="old.png",
        size=source.stat().st_size,
        mime="image/png",
        public_url="https://cdn.example/old.png",
        uploaded_at=datetime.now(UTC) - timedelta(days=8),
        source_path=str(source),
    )
    history.close()
    window = make_window(settings={"auto_copy": False, "concurrency": 1})
    model, kind = window.controller.model, window.view.url_delegate.button_kind
    (expired,) = model.rows
    assert kind(expired) == "reupload"
    assert "Re-upload button" in _spoken(window, expired, Column.URL)

    # A failed upload: Retry, which uploads it.
    failing = tmp_path / "fails.png"
    failing.write_bytes(make_png(9, 9, seed=92))
    local_server.faults.api_status(400, body='{"code": 400, "msg": "contentType not allowed"}')
    window.add_paths([str(failing)])
    aloop.until(lambda: any(r.state is RowState.FAILED for r in model.rows))
    failed = next(r for r in model.rows if r.state is RowState.FAILED)
    assert kind(failed) == "retry"
    _click_button(window, qtbot, failed)
    aloop.until(
        lambda: (
            failed.state is RowState.DONE
            or any(r.name == "fails.png" and r.state is RowState.DONE for r in model.rows)
        )
    )

    # While it uploads: ×, which cancels it.
    local_server.faults.throttle(200_000)
    slow = tmp_path / "slow.png"
    big_png(slow, 2_000_000)
    window.add_paths([str(slow)])
    aloop.until(lambda: any(r.name == "slow.png" and r.state.active for r in model.rows))
    running = next(r for r in model.rows if r.name == "slow.png")
    assert kind(running) == "cancel"
    assert _spoken(window, running, Column.URL).startswith("no URL yet, Cancel button")
    _click_button(window, qtbot, running)
    aloop.until(lambda: running.state is RowState.CANCELLED)
    assert kind(running) == "retry"
    local_server.faults.throttle(None)

    # Done: Copy.
    done = next(r for r in model.rows if r.name == "fails.png" and r.state is RowState.DONE)
    assert kind(done) == "copy"
    _click_button(window, qtbot, done)
    assert QGuiApplication.clipboard().text() == done.url

    # Expired: Re-upload, which gives the row a new URL.
    _click_button(window, qtbot, expired)
    aloop.until(
        lambda: any(r.name == "old.png" and r.is_live(datetime.now(UTC)) for r in model.rows)
    )


def test_enter_on_a_row_copies_and_cells_speak_in_words(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    path = tmp_path / "enter.png"
    path.write_bytes(make_png(9, 9, seed=93))
    window.add_paths([str(path)])
    model = window.controller.model
    aloop.until(lambda: any(r.url for r in model.rows))
    (row,) = model.rows
    QGuiApplication.clipboard().setText("before")
    window.view.setFocus()
    window.view.selectRow(0)
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert QGuiApplication.clipboard().text() == row.url
    assert _spoken(window, row, Column.STATUS) == "Done"
    assert _spoken(window, row, Column.EXPIRES).startswith("6 days 23 hours")
    assert _spoken(window, row, Column.URL) == f"{row.url}, Copy button (Enter)"
