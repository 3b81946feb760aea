"""A long list stays quick because work is done once, not per row per event: behaviours that
show it (the timings live in benchmarks/, not here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.ui.table.model import Column, UploadsModel
from app.ui.table.proxy import FilterProxy
from app.ui.table.rows import Row, RowState
from app.ui.table.view import UploadsView

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def done(name: str, expires_in: timedelta, size: int = 1000) -> Row:
    expires = NOW + expires_in
    return Row(
        name,
        "image",
        RowState.DONE,
        size,
        "image/png",
        None,
        url=f"https://cdn.example/{name}",
        uploaded_at=expires - timedelta(days=7),
        expires_at=expires,
        sent=size,
    )


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def view(qtbot: Any, clock: Clock) -> UploadsView:
    model = UploadsModel(clock=clock)
    proxy = FilterProxy(model, model)
    table = UploadsView(proxy)
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    return table


def test_a_countdown_tick_rechecks_the_filter_only_when_a_row_expires(
    view: UploadsView, clock: Clock
) -> None:
    rows = [done(f"{i}.png", timedelta(hours=1 + i)) for i in range(200)]
    view.source.insert(rows)
    view.proxy.set_mode(FilterProxy.ACTIVE)
    assert view.proxy.rowCount() == 200
    refilters = []
    original = view.proxy.refilter
    view.proxy.refilter = lambda: (refilters.append(1), original())  # type: ignore[method-assign]
    for minutes in (1, 20, 59):
        clock.now = NOW + timedelta(minutes=minutes)
        view.refresh_countdowns()
    assert refilters == []  # nothing expired: no row was looked at again
    clock.now = NOW + timedelta(hours=1, minutes=1)
    view.refresh_countdowns()
    assert refilters == [1] and view.proxy.rowCount() == 199
    view.refresh_countdowns()
    assert refilters == [1]
    clock.now = NOW + timedelta(hours=2, seconds=1)
    view.refresh_countdowns()
    assert refilters == [1, 1] and view.proxy.rowCount() == 198


def test_a_new_upload_that_expires_first_moves_the_boundary(
    view: UploadsView, clock: Clock
) -> None:
    view.source.insert([done("late.png", timedelta(days=3))])
    view.proxy.set_mode(FilterProxy.ACTIVE)
    early = done("early.png", timedelta(minutes=5))
    view.source.insert([early])
    clock.now = NOW + timedelta(minutes=6)
    view.refresh_countdowns()
    shown = [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]
    assert shown == ["late.png"]


def test_sorting_a_column_orders_rows_and_keeps_the_selection_on_them(
    view: UploadsView, qtbot: Any
) -> None:
    rows = [done(f"{name}.png", timedelta(days=1), size) for name, size in
            (("b", 30), ("a", 10), ("c", 20))]  # fmt: skip
    view.source.insert(rows)
    arrival = [view.proxy.index(r, 0).data() for r in range(3)]
    view.selectRow(0)  # b.png
    assert [r.name for r in view.selected_rows()] == ["b.png"]
    view.sortByColumn(Column.SIZE, Qt.SortOrder.AscendingOrder)
    assert [view.proxy.index(r, 0).data() for r in range(3)] == ["a.png", "c.png", "b.png"]
    assert [r.name for r in view.selected_rows()] == ["b.png"]  # the same row, now last
    view.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert [view.proxy.index(r, 0).data() for r in range(3)] == ["c.png", "b.png", "a.png"]
    view.source.insert([done("d.png", timedelta(days=1), 5)])  # a newcomer takes its place
    assert view.proxy.index(0, 0).data() == "d.png"
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # back to the order they came in
    assert [view.proxy.index(r, 0).data() for r in range(4)] == ["d.png", *arrival]


def test_select_all_gives_every_shown_row_once_in_list_order(
    view: UploadsView, clock: Clock
) -> None:
    rows = [done(f"{i:03}.png", timedelta(hours=1 if i % 4 == 0 else 48)) for i in range(120)]
    view.source.insert(rows)
    view.selectAll()
    assert view.selected_rows() == rows
    clock.now = NOW + timedelta(hours=2)
    view.proxy.set_mode(FilterProxy.ACTIVE)
    view.selectAll()
    assert view.selected_rows() == [r for i, r in enumerate(rows) if i % 4 != 0]
    view.sortByColumn(Column.NAME, Qt.SortOrder.DescendingOrder)
    view.selectAll()
    assert {r.uid for r in view.selected_rows()} == {r.uid for i, r in enumerate(rows) if i % 4}


def test_the_window_s_history_is_read_in_a_thread_and_each_row_comes_once(
    make_window: Any, aloop: Any, profile: Any
) -> None:
    from app.core.history import History

    history = History(profile.history)
    for i in range(300):
        history.add(
            name=f"old{i}.png",
            size=10,
            mime="image/png",
            public_url=f"https://cdn.example/old{i}.png",
            uploaded_at=datetime.now(UTC) - timedelta(minutes=i),
        )
    history.add_pending(
        source_path="/gone/was-running.mp4",
        name="was-running.mp4",
        size=5,
        mime="video/mp4",
        queued_at=datetime.now(UTC),
    )
    history.close()
    window = make_window(start=False)
    controller = window.controller
    controller.start(in_background=True)
    window.show()
    aloop.until(lambda: controller.model.rowCount() == 301)
    aloop.settle(0.1)
    rows = controller.model.rows
    assert len({r.record_id for r in rows if r.record_id}) == 300
    assert [r.name for r in rows if r.state is RowState.INTERRUPTED] == ["was-running.mp4"]
    assert rows[-1].name == "old299.png"  # newest first, as the synchronous start shows them


def test_the_header_never_sees_the_selection_and_a_click_on_it_still_sorts(
    view: UploadsView, qtbot: Any
) -> None:
    """The header asks, for each section it paints, whether its whole column is selected, row by
    row: with the view's selection, Select all on 10,000 rows cost 60,000 calls on the next
    paint. It highlights nothing, so it has a selection model of its own that stays empty."""
    from PySide6.QtCore import QPoint

    rows = [done(f"{name}.png", timedelta(days=1), size) for name, size in
            (("b", 30), ("a", 10), ("c", 20))]  # fmt: skip
    view.source.insert(rows)
    header = view.horizontalHeader()
    assert header.selectionModel() is not view.selectionModel()
    view.selectAll()
    assert len(view.selected_rows()) == 3
    assert not header.selectionModel().hasSelection()
    x = header.sectionViewportPosition(Column.SIZE) + header.sectionSize(Column.SIZE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert [view.proxy.index(r, 0).data() for r in range(3)] == ["a.png", "c.png", "b.png"]
    assert len(view.selected_rows()) == 3  # the click sorted; it did not select a column


def test_a_window_started_in_the_background_still_asks_for_a_missing_key(
    make_window: Any, aloop: Any
) -> None:
    window = make_window(key=None, start=False)
    window.controller.start(in_background=True)
    window.show()
    assert window.controller._client is None  # nothing built on the GUI thread yet
    aloop.until(window.key_panel.isVisible)
    assert not window.controller.client.has_key


def test_every_past_upload_is_listed_and_found_past_ten_thousand(
    make_window: Any, aloop: Any, profile: Any
) -> None:
    """The list once kept only the newest 10,000: older uploads could not be found (issue 18)."""
    import sqlite3

    from app.core.history import History

    History(profile.history).close()
    now = int(datetime.now(UTC).timestamp() * 1000)
    with sqlite3.connect(profile.history) as db:
        db.executemany(
            "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at)"
            " VALUES (?, 10, 'image/png', ?, ?, ?)",
            [(f"p{i:05}.png", f"https://cdn.example/{i}", now - i, now - i + 7 * 86_400_000)
             for i in range(10_500)],
        )  # fmt: skip
    db.close()
    window = make_window(start=False)
    controller = window.controller
    controller.start(in_background=True)
    window.show()
    aloop.until(lambda: controller.model.rowCount() == 10_500)
    window.search.setText("p10499")  # the oldest
    aloop.until(lambda: window.proxy.rowCount() == 1)
    assert window.proxy.index(0, 0).data() == "p10499.png"
