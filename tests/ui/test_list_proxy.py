"""The list's proxy: a precomputed list of the model's rows, swapped in at once. Qt's model tester
watches it through sorts, filters, searches, rows that come, change and go; the selection follows
the rows; a sort, a filter switch and Select all on a long list look at each row at most once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app.ui.table.columns import ROW_ROLE, SORT_ROLE
from app.ui.table.model import Column, UploadsModel
from app.ui.table.proxy import FilterProxy
from app.ui.table.rows import Row, RowState
from app.ui.table.selection import allowed_for, allowed_for_all
from app.ui.table.view import UploadsView

SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def done(name: str, expires_in: timedelta, size: int = 1000, path: str | None = None) -> Row:
    expires = NOW + expires_in
    return Row(
        name,
        "image",
        RowState.DONE,
        size,
        "image/png",
        path,
        url=f"https://cdn.example/{name}",
        uploaded_at=expires - timedelta(days=7),
        expires_at=expires,
        sent=size,
    )


def mixed(count: int) -> list[Row]:
    """Live, expired, queued and failed rows, in an order no column sorts them in."""
    rows: list[Row] = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            rows.append(
                done(f"live{i * 7 % count:04}.png", timedelta(hours=i + 1), size=i * 31 % 97)
            )
        elif kind == 1:
            rows.append(done(f"gone{i * 3 % count:04}.png", -timedelta(hours=i), size=i % 13))
        elif kind == 2:
            rows.append(Row(f"wait{i}.mp4", "video", RowState.QUEUED, i, "video/mp4", f"/x/{i}"))
        else:
            rows.append(Row(f"bad{i}.png", "image", RowState.FAILED, i, "image/png", f"/y/{i}"))
    return rows


def names(proxy: FilterProxy) -> list[str]:
    return [proxy.index(i, 0).data(Qt.ItemDataRole.DisplayRole) for i in range(proxy.rowCount())]


@pytest.fixture
def model(qapp: Any) -> UploadsModel:
    return UploadsModel(clock=lambda: NOW, loop_time=lambda: 2.0)


def test_the_proxy_passes_the_model_tester_through_every_change(
    qtmodeltester: Any, model: UploadsModel
) -> None:
    proxy = FilterProxy(model)
    qtmodeltester.check(proxy, force_py=True)  # keeps watching the proxy's signals from here on
    rows = mixed(40)
    model.insert(rows[:20])
    proxy.set_mode(FilterProxy.ACTIVE)
    model.insert(rows[20:], at_top=False)
    proxy.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    proxy.set_search("live")
    model.remove(rows[::5])
    rows[2].state, rows[2].url, rows[2].expires_at = RowState.DONE, "https://cdn/live-now", NOW
    model.changed([rows[2]])  # its URL matches the search now, but it has just expired
    proxy.set_mode(FilterProxy.EXPIRED)
    proxy.sort(Column.EXPIRES, Qt.SortOrder.DescendingOrder)
    proxy.set_search("")
    proxy.sort(-1)
    model.clear()
    model.insert(mixed(8))
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.rowCount() == 2  # the expired rows of the 8


def test_filters_and_search_show_what_a_row_by_row_test_shows(model: UploadsModel) -> None:
    rows = mixed(60)
    model.insert(rows)
    proxy = FilterProxy(model)
    for mode in (FilterProxy.ALL, FilterProxy.ACTIVE, FilterProxy.EXPIRED):
        for needle in ("", "LIVE00", "cdn.example/gone", "wait1"):
            proxy.set_mode(mode)
            proxy.set_search(needle)
            expected = [
                r.name
                for r in model.rows
                if (mode == FilterProxy.ALL or r.is_expired(NOW) == (mode == FilterProxy.EXPIRED))
                and (needle.casefold() in r.name.casefold() + " " + (r.url or "").casefold())
            ]
            assert names(proxy) == expected, (mode, needle)


def test_rows_follow_the_filter_as_they_come_and_change(model: UploadsModel) -> None:
    proxy = FilterProxy(model)
    proxy.set_mode(FilterProxy.ACTIVE)
    model.insert([done("old.png", -timedelta(hours=1)), done("new.png", timedelta(hours=1))])
    assert names(proxy) == ["old.png", "new.png"][1:]
    queued = Row("q.png", "image", RowState.QUEUED, 5, "image/png", "/x/q.png")
    model.insert([queued])
    proxy.set_search("cdn.example/q")
    assert names(proxy) == []  # no URL yet
    queued.state, queued.url, queued.expires_at = RowState.DONE, "https://cdn.example/q", NOW
    queued.expires_at = NOW + timedelta(days=7)
    model.changed([queued])
    assert names(proxy) == ["q.png"]  # done: its URL matches now


def test_each_column_sorts_in_the_order_of_its_sort_role(model: UploadsModel) -> None:
    model.insert(mixed(50))
    proxy = FilterProxy(model)
    proxy.set_mode(FilterProxy.ACTIVE)
    for column in Column:
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            proxy.sort(column, order)
            keys = [proxy.index(i, column).data(SORT_ROLE) for i in range(proxy.rowCount())]
            assert proxy.rowCount() > 10
            assert keys == sorted(keys, reverse=order == Qt.SortOrder.DescendingOrder), column


def test_a_sort_keeps_the_order_of_equal_keys(model: UploadsModel) -> None:
    rows = [done(f"same{i}.png", timedelta(hours=1), size=7) for i in range(5)]
    model.insert(rows, at_top=False)
    proxy = FilterProxy(model)
    proxy.sort(Column.SIZE, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == [r.name for r in rows]


def test_the_selection_stays_on_its_rows_across_sorts_and_filters(
    qtbot: Any, model: UploadsModel
) -> None:
    rows = mixed(40)
    model.insert(rows)
    view = UploadsView(FilterProxy(model, model))
    qtbot.addWidget(view)
    chosen = [rows[4], rows[15]]  # a live row and a failed one
    for row in chosen:
        position = view.proxy.mapFromSource(model.index(model.position(row) or 0, 0))
        view.selectionModel().select(
            position,
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    view.selectionModel().setCurrentIndex(
        view.proxy.mapFromSource(model.index(model.position(rows[4]) or 0, 0)),
        QItemSelectionModel.SelectionFlag.NoUpdate,
    )
    view.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert {r.uid for r in view.selected_rows()} == {r.uid for r in chosen}
    view.proxy.set_mode(FilterProxy.ACTIVE)
    view.sortByColumn(Column.SIZE, Qt.SortOrder.DescendingOrder)
    assert {r.uid for r in view.selected_rows()} == {r.uid for r in chosen}
    assert view.currentIndex().data(Qt.ItemDataRole.DisplayRole) == rows[4].name
    view.proxy.set_mode(FilterProxy.EXPIRED)  # neither is expired: nothing stays selected
    assert view.selected_rows() == []
    model.insert([done("arrived.png", timedelta(hours=3))])  # while sorted and filtered
    assert "arrived.png" not in names(view.proxy)
    view.proxy.set_mode(FilterProxy.ALL)
    assert "arrived.png" in names(view.proxy)
    assert names(view.proxy) == [r.name for r in model.rows]


def test_a_sort_and_select_all_on_the_whole_list_look_at_no_row_in_the_proxy(
    qtbot: Any, model: UploadsModel
) -> None:
    model.insert(mixed(2000))
    view = UploadsView(FilterProxy(model, model))
    qtbot.addWidget(view)
    view.sortByColumn(Column.EXPIRES, Qt.SortOrder.AscendingOrder)
    view.selectAll()
    assert view.proxy.filter_passes == 0  # no filter: the proxy's rows are the model's
    assert view.whole_list_selected()
    view.proxy.set_mode(FilterProxy.ACTIVE)
    assert view.proxy.filter_passes == 1  # one pass over the rows, not one Qt call per row
    # As a click on the header does it (sortByColumn sorts twice in Qt 6).
    view.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert view.proxy.filter_passes == 2
    view.selectAll()
    assert not view.whole_list_selected()  # a filter hides rows: the selection is not all


def test_select_all_allows_what_the_rows_one_by_one_allow(model: UploadsModel) -> None:
    for rows in (
        mixed(30),
        [done("gone.png", -timedelta(hours=1))],
        [done("live.png", timedelta(hours=1), path="/x/live.png")],
        [Row("c.png", "image", RowState.CANCELLED, 1, "image/png", "/x/c.png")],
    ):
        model.clear()
        model.insert(rows)
        assert allowed_for_all(model, NOW) == allowed_for(list(model.rows), NOW), rows[0].name


def test_a_sort_renumbers_the_rows_on_the_next_turn_and_positions_stay_right(
    qtbot: Any, model: UploadsModel
) -> None:
    rows = mixed(300)
    model.insert(rows)
    view = UploadsView(FilterProxy(model, model))
    qtbot.addWidget(view)
    view.selectionModel().setCurrentIndex(
        view.proxy.index(7, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    current = model.rows[7]
    view.horizontalHeader().setSortIndicator(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert model._stale  # the positions wait for the loop's next turn
    assert view.currentIndex().data(ROW_ROLE) is current  # found without them
    # While they wait (as history, at_top=False: a new upload would take the selection, follow.py).
    model.insert([done("zzz-new.png", timedelta(hours=2))], at_top=False)
    assert all(model.position(r) == i for i, r in enumerate(model.rows))  # asked: renumbered
    view.horizontalHeader().setSortIndicator(Column.SIZE, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not model._stale, timeout=2000)  # the next turn renumbers
    assert all(model.position(r) == i for i, r in enumerate(model.rows))
    model.remove(model.rows[:5])
    assert all(model.position(r) == i for i, r in enumerate(model.rows))
    assert view.currentIndex().data(ROW_ROLE) is current
