"""Steering uploads from the window: cancel, retry, remove, re-upload, the key panel on a 401,
interrupted uploads after a crash, and quitting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from app.core.history import History
from app.ui.table.rows import RowState
from tests.helpers import make_png, settled
from tests.ui.conftest import Loop


def rows_in(window: Any, state: RowState) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is state)


def a_png(tmp_path: Path, name: str = "a.png", seed: int = 0) -> Path:
    path = tmp_path / name
    path.write_bytes(make_png(12, 9, seed=seed))
    return path


def test_cancel_a_running_upload_then_retry_it(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window()
    local_server.faults.stall(30)
    window.add_paths([str(a_png(tmp_path))])
    aloop.until(lambda: local_server.puts)  # the PUT is on the wire, held by the server
    row = rows_in(window, RowState.UPLOADING)[0]
    aloop.until(window.acts.cancel_all.isEnabled)  # buttons follow within a fraction of a second
    window.view.selectRow(0)
    window.acts.cancel.trigger()
    aloop.until(lambda: row.state is RowState.CANCELLED)
    assert "Cancelled" in window.controller.model.status_text(row)
    aloop.until(window.acts.retry.isEnabled)
    window.acts.retry.trigger()
    aloop.until(lambda: row.state is RowState.DONE)
    assert row.url and row.expires_at is not None


def test_a_failed_upload_says_why_and_retry_failed_sends_it_again(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window()
    local_server.faults.api_status(400, body='{"code": 400, "msg": "contentType not allowed"}')
    window.add_paths([str(a_png(tmp_path))])
    aloop.until(lambda: rows_in(window, RowState.FAILED))
    row = rows_in(window, RowState.FAILED)[0]
    status = window.controller.model.status_text(row)
    assert status.startswith("Failed: ") and "contentType not allowed" in status
    aloop.until(window.acts.retry_failed.isEnabled)
    window.acts.retry_failed.trigger()
    aloop.until(lambda: row.state is RowState.DONE)


def test_a_refused_key_opens_the_key_panel_and_a_new_key_resumes(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(key="wrong-key")
    assert not window.key_panel.isVisible()  # a key exists, so no first-run panel
    window.add_paths([str(a_png(tmp_path))])
    aloop.until(window.key_panel.isVisible)
    assert window.key_panel.reason.isVisible() and window.key_panel.reason.text()
    row = window.controller.model.rows[0]
    assert row.state is RowState.QUEUED  # waiting, not failed: nothing is lost
    window.key_panel.field.setText("test-key")
    window.key_panel.save.click()
    aloop.until(lambda: row.state is RowState.DONE)
    assert not window.key_panel.isVisible()


def test_first_start_without_a_key_shows_the_panel_with_a_demo_way_out(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window(key=None)
    assert window.key_panel.isVisible()
    assert "API key" in window.key_panel.help.text()
    window.key_panel.demo.click()
    assert window.demo_banner.isVisible()
    assert "files stay on this computer" in window.demo_banner.label.text()
    assert not window.key_panel.isVisible()
    window.add_paths([str(a_png(tmp_path))])
    aloop.until(lambda: rows_in(window, RowState.DONE))
    assert rows_in(window, RowState.DONE)[0].url.startswith("http://127.0.0.1:")


def test_remove_takes_the_row_out_of_the_list_and_the_history(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    window = make_window()
    window.add_paths([str(a_png(tmp_path, "keep.png", 1)), str(a_png(tmp_path, "drop.png", 2))])
    aloop.until(lambda: len(rows_in(window, RowState.DONE)) == 2)
    target = next(r for r in window.controller.model.rows if r.name == "drop.png")
    window.view.selectRow(
        window.proxy.mapFromSource(
            window.controller.model.index(window.controller.model.position(target), 0)
        ).row()
    )
    window.acts.remove.trigger()  # no question first: the notice offers Undo
    assert [r.name for r in window.controller.model.rows] == ["keep.png"]
    window.undo_notice.banner.close_button.click()  # dismissed: the removal is final
    aloop.settle(0.05)  # the banner goes (deleteLater), and with it the held rows
    settled(window)
    history = History(profile.history)
    assert [r.name for r in history.recent()] == ["keep.png"]
    history.close()


def test_history_shows_on_start_newest_first_and_expired_rows_can_be_reuploaded(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    now = datetime.now(UTC)
    source = a_png(tmp_path, "old.png", 5)
    history = History(profile.history)
    history.add(
        name="old.png",
        size=source.stat().st_size,
        mime="image/png",
        public_url="https://cdn.example/old.png",
        uploaded_at=now - timedelta(days=8),
        source_path=str(source),
    )
    history.add(
        name="new.png",
        size=3,
        mime="image/png",
        public_url="https://cdn.example/new.png",
        uploaded_at=now - timedelta(hours=1),
    )
    history.close()
    window = make_window()
    model = window.controller.model
    assert [r.name for r in model.rows] == ["new.png", "old.png"]
    old = model.rows[1]
    assert model.data(model.index(1, 5)) == "expired"
    assert model.data(model.index(0, 5)) == "6 d 22 h"
    window.controller.copy([old])
    assert "expired" in window.statusBar().currentMessage()
    window.controller.reupload([old])
    aloop.until(
        lambda: any(
            r.name == "old.png" and r.state is RowState.DONE and r.is_live(now) for r in model.rows
        )
    )
    # The clicked row became the new upload: no dead "expired" twin is left beside it.
    aloop.until(lambda: len(model.rows) == 2)
    assert [r.name for r in model.rows if r.name == "old.png"] == ["old.png"]


def test_uploads_interrupted_by_a_crash_come_back_with_retry(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    source = a_png(tmp_path, "half.png", 7)
    history = History(profile.history)
    history.add_pending(
        source_path=str(source),
        name="half.png",
        size=source.stat().st_size,
        mime="image/png",
        queued_at=datetime.now(UTC),
    )
    history.close()
    window = make_window()
    (row,) = rows_in(window, RowState.INTERRUPTED)
    assert "Interrupted" in window.controller.model.status_text(row)
    window.controller.retry([row])
    aloop.until(lambda: rows_in(window, RowState.DONE))
    history = History(profile.history)
    assert history.pending() == []  # done: nothing left to recover
    history.close()


def test_copy_all_live_and_copy_as_generation_call(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    window.add_paths([str(a_png(tmp_path, "one.png", 1)), str(a_png(tmp_path, "two.png", 2))])
    aloop.until(lambda: len(rows_in(window, RowState.DONE)) == 2)
    window.acts.copy_all.trigger()
    urls = QGuiApplication.clipboard().text().splitlines()
    assert sorted(urls) == sorted(r.url for r in rows_in(window, RowState.DONE))
    assert "Copied 2 URLs." in window.statusBar().currentMessage()
    window.view.selectRow(0)
    window.acts.copy_as["call"].trigger()
    snippet = QGuiApplication.clipboard().text()
    assert f"{local_server.base_url}/api/v1/images/generations" in snippet
    assert "$API_KEY" in snippet and "test-key" not in snippet


def test_quitting_with_uploads_running_asks_first(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = make_window()
    local_server.faults.stall(30)
    window.add_paths([str(a_png(tmp_path))])
    aloop.until(lambda: rows_in(window, RowState.UPLOADING))
    answers = ["&Keep uploading", "&Quit and cancel them"]
    offered: list[list[str]] = []

    def answer(box: QMessageBox) -> int:
        # The buttons say what they do; a click on one answers, as a person's would.
        offered.append([b.text() for b in box.buttons()])
        wanted = answers.pop(0)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    quit_asked = []
    window.quit_requested.connect(lambda: quit_asked.append(True))
    window.close()
    assert window.isVisible() and not quit_asked
    window.close()
    assert quit_asked and not window.isVisible()
    assert offered[0] == ["&Quit and cancel them", "&Keep uploading"]
    aloop.run(window.controller.shutdown())
    assert rows_in(window, RowState.CANCELLED)
    history = History(window.controller.paths.history)
    assert history.pending() == []  # a chosen quit is not a crash
    history.close()
