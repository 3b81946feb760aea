"""Commands follow what the list shows: Copy all under a search, the count after a removal,
and a removal that can be undone until its notice goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.core.history import History
from tests.helpers import settled
from tests.ui.conftest import Loop


def _history(profile: Any, names: list[str]) -> None:
    now = datetime.now(UTC)
    history = History(profile.history)
    for i, name in enumerate(names):
        history.add(
            name=name,
            size=10,
            mime="image/png",
            public_url=f"https://cdn.example/{name}",
            uploaded_at=now - timedelta(minutes=len(names) - i),
        )
    history.close()


def test_copy_all_copies_only_what_the_search_shows(make_window: Any, profile: Any) -> None:
    _history(profile, [f"cat {i}.png" for i in range(3)] + [f"dog {i}.png" for i in range(6)])
    window = make_window()
    window.search.setText("cat")
    assert window.proxy.rowCount() == 3
    window.acts.update()
    window.acts.copy_all.trigger()
    copied = QGuiApplication.clipboard().text().splitlines()
    assert sorted(copied) == [f"https://cdn.example/cat {i}.png" for i in range(3)]
    assert "rows shown" in window.statusBar().currentMessage()


def test_the_count_is_right_after_removing_what_a_search_shows(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    _history(profile, [f"old {i}.png" for i in range(20)] + [f"keep {i}.png" for i in range(5)])
    window = make_window()
    window.search.setText("old")
    window.view.selectAll()
    window.acts.remove.trigger()
    assert window.controller.model.rowCount() == 5
    assert window.count_label.text() == "0 of 5 shown"
    window.search.clear()
    assert window.count_label.text() == "5 files"


def test_removal_can_be_undone_until_its_notice_goes(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    names = [f"n{i}.png" for i in range(5)]
    _history(profile, names)
    window = make_window()
    model = window.controller.model
    before = [r.name for r in model.rows]
    window.view.selectRow(1)
    window.view.selectionModel().select(
        window.proxy.index(3, 0),
        window.view.selectionModel().SelectionFlag.Select
        | window.view.selectionModel().SelectionFlag.Rows,
    )
    window.acts.remove.trigger()
    assert len(model.rows) == 3
    banner = window.undo_notice.banner
    assert "Removed 2 rows" in banner.label.text()
    undo = [b for b in banner.findChildren(type(window.use_existing)) if "Undo" in b.text()]
    undo[0].click()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert [r.name for r in model.rows] == before  # back in their places
    assert not any("Removed" in t for t in window.notices.texts())
    history = History(profile.history)
    assert len(history.recent()) == 5  # nothing left the history
    history.close()

    window.view.selectRow(0)
    window.acts.remove.trigger()
    window.undo_notice.banner.close_button.click()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    settled(window)  # the history's writes happen on the engine's thread, in order
    history = History(profile.history)
    assert len(history.recent()) == 4  # dismissed: now it is gone for good
    history.close()


def test_an_upload_removed_and_put_back_says_it_was_cancelled(
    make_window: Any, aloop: Loop, tmp_path: Any, local_server: Any
) -> None:
    from app.ui.table.rows import RowState
    from tests.helpers import big_png

    window = make_window()
    local_server.faults.throttle(100_000)
    window.add_paths([str(big_png(tmp_path / "slow.png", 2_000_000))])
    model = window.controller.model
    aloop.until(lambda: bool(model.rows) and model.rows[0].state is RowState.UPLOADING)
    row = model.rows[0]
    window.view.selectRow(0)
    window.acts.remove.trigger()
    local_server.faults.throttle(None)
    assert window.controller.removal.undo() == 1
    assert model.rows == [row] and row.state is RowState.CANCELLED  # with Retry, not "Uploading"
