"""New rows are brought into view whatever the saved sort, and Re-upload updates its own row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core.history import History
from app.ui.table.columns import Column
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def _many_in_history(profile: Any, count: int) -> None:
    now = datetime.now(UTC)
    history = History(profile.history)
    for i in range(count):
        history.add(
            name=f"old {i:03}.png",
            size=10,
            mime="image/png",
            public_url=f"https://cdn.example/old{i}.png",
            uploaded_at=now - timedelta(hours=100 - i),
        )
    history.close()


def _on_screen(window: Any, row: Any) -> bool:
    model = window.controller.model
    index = window.proxy.mapFromSource(model.index(model.position(row), 0))
    rect = window.view.visualRect(index)
    return index.isValid() and window.view.viewport().rect().intersects(rect)


def test_new_uploads_and_refusals_come_into_view_under_a_saved_sort(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    _many_in_history(profile, 80)
    window = make_window()
    window.resize(900, 500)
    # "Expires in", soonest first: a new upload (7 days) sorts to the very end.
    window.view.sortByColumn(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
    window.view.scrollToTop()
    aloop.settle(0.1)
    path = tmp_path / "fresh.png"
    path.write_bytes(make_png(9, 9, seed=77))
    bad = tmp_path / "notes.txt"
    bad.write_text("not a picture")
    window.add_paths([str(path), str(bad)])
    model = window.controller.model
    aloop.until(lambda: any(r.name == "fresh.png" for r in model.rows))
    aloop.settle(0.1)
    fresh = next(r for r in model.rows if r.name == "fresh.png")
    assert model.position(fresh) > 70  # sorted far below the first screen
    assert _on_screen(window, fresh)
    assert fresh in window.view.selected_rows()
    refused = next(r for r in model.rows if r.name == "notes.txt")
    assert refused.state is RowState.REFUSED and refused in window.view.selected_rows()


def test_the_persons_own_selection_is_kept_and_the_list_still_scrolls(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    _many_in_history(profile, 80)
    window = make_window()
    window.resize(900, 500)
    window.view.sortByColumn(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
    aloop.settle(0.1)
    window.view.selectRow(0)
    chosen = window.view.selected_rows()
    path = tmp_path / "fresh.png"
    path.write_bytes(make_png(9, 9, seed=78))
    window.add_paths([str(path)])
    model = window.controller.model
    aloop.until(lambda: any(r.name == "fresh.png" for r in model.rows))
    aloop.settle(0.1)
    fresh = next(r for r in model.rows if r.name == "fresh.png")
    assert _on_screen(window, fresh)
    assert window.view.selected_rows() == chosen


def test_reupload_updates_the_clicked_row(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    now = datetime.now(UTC)
    source = tmp_path / "old.png"
    source.write_bytes(make_png(9, 9, seed=79))
    history = History(profile.history)
    history.add(
        name="old.png",
        size=source.stat().st_size,
        mime="image/png",
        public_url="https://cdn.example/old.png",
        uploaded_at=now - timedelta(days=8),
        source_path=str(source),
    )
    history.close()
    window = make_window()
    model = window.controller.model
    (old,) = model.rows
    window.controller.reupload([old])
    aloop.until(lambda: any(r.state is RowState.DONE and r.is_live(now) for r in model.rows))
    aloop.until(lambda: model.rowCount() == 1)
    (row,) = model.rows
    assert row.is_live(datetime.now(UTC)) and row.path == str(source)
    # Restarted, the list still has one row for the file: the dead URL left the history too.
    history = History(profile.history)
    assert [r.public_url != "https://cdn.example/old.png" for r in history.recent()] == [True]
    history.close()


def test_uploads_a_crash_interrupted_come_into_view_at_start(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    _many_in_history(profile, 80)
    source = tmp_path / "half.png"
    source.write_bytes(make_png(9, 9, seed=80))
    history = History(profile.history)
    history.add_pending_many(
        [(str(source), "half.png", source.stat().st_size, "image/png")],
        queued_at=datetime.now(UTC),
    )
    history.close()
    window = make_window(start=False)
    window.resize(900, 500)
    # A sort that puts it last: by name, descending ("old 079" … "old 000", "half.png").
    window.view.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    window.controller.start()
    window.show()
    aloop.until(lambda: any(r.state is RowState.INTERRUPTED for r in window.controller.model.rows))
    aloop.settle(0.1)
    interrupted = next(r for r in window.controller.model.rows if r.state is RowState.INTERRUPTED)
    assert window.controller.model.position(interrupted) == 80
    assert _on_screen(window, interrupted)


def test_the_filter_box_stays_put_as_the_count_changes(make_window: Any, profile: Any) -> None:
    _many_in_history(profile, 30)
    window = make_window()
    window.resize(900, 500)
    before = window.filter.mapTo(window, window.filter.rect().topLeft())
    window.search.setText("old 00")
    assert window.count_label.text() == "10 of 30 shown"
    window.centralWidget().layout().activate()
    assert window.filter.mapTo(window, window.filter.rect().topLeft()) == before
