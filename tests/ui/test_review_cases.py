"""Cases found in review: a refused key during several uploads, failures that must not come back
as "interrupted", a double Retry, demo uploads kept apart, text shown as text, a key that the
environment would override."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.core.history import History
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def pngs(tmp_path: Path, count: int) -> list[str]:
    out = []
    for i in range(count):
        path = tmp_path / f"p{i}.png"
        path.write_bytes(make_png(6, 6, seed=100 + i))
        out.append(str(path))
    return out


def states(window: Any) -> list[RowState]:
    return [r.state for r in window.controller.model.rows]


def test_a_refused_key_during_several_uploads_keeps_them_all_waiting(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window(key="wrong-key")
    finished: list[tuple[int, int]] = []
    window.controller.batch_finished.connect(lambda d, f: finished.append((d, f)))
    window.add_paths(pngs(tmp_path, 3))
    aloop.until(window.key_panel.isVisible)
    aloop.until(lambda: window.controller.engine.target._running == {})
    aloop.settle(0.2)
    assert states(window) == [RowState.QUEUED] * 3
    assert finished == []  # waiting for a key is not the end of the batch
    window.key_panel.field.setText("test-key")
    window.key_panel.save.click()
    aloop.until(lambda: states(window) == [RowState.DONE] * 3)
    aloop.until(lambda: bool(finished))
    assert finished == [(3, 0)]


def test_a_failed_upload_is_not_reported_as_interrupted_next_time(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any, profile: Any
) -> None:
    window = make_window()
    local_server.faults.api_status(400, body='{"code": 400, "msg": "file too large"}')
    window.add_paths(pngs(tmp_path, 1))
    aloop.until(lambda: states(window) == [RowState.FAILED])
    history = History(profile.history)
    assert history.pending() == []
    history.close()


def test_retry_pressed_twice_on_an_interrupted_row_uploads_once(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, local_server: Any
) -> None:
    from datetime import UTC, datetime

    (path,) = pngs(tmp_path, 1)
    history = History(profile.history)
    history.add_pending(source_path=path, name="p0.png", size=Path(path).stat().st_size,
                        mime="image/png", queued_at=datetime.now(UTC))  # fmt: skip
    history.close()
    window = make_window()
    (row,) = window.controller.model.rows
    window.controller.retry([row])
    window.controller.retry([row])
    window.controller.retry_failed()
    aloop.until(lambda: RowState.DONE in states(window))
    aloop.settle(0.3)
    assert len(local_server.puts) == 1
    assert states(window) == [RowState.DONE]


def test_demo_uploads_stay_out_of_the_real_history(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    window = make_window(key=None)
    window.key_panel.demo.click()
    window.add_paths(pngs(tmp_path, 1))
    aloop.until(lambda: states(window) == [RowState.DONE])
    real = History(profile.history)
    assert real.recent() == []
    real.close()
    demo = History(profile.data / "demo-server" / "history.sqlite3")
    assert [r.name for r in demo.recent()] == ["p0.png"]
    demo.close()


def test_names_and_server_words_are_shown_as_text_not_html(make_window: Any) -> None:
    window = make_window()
    window.controller.notice.emit('x<a href="https://evil.example">click</a>.png was skipped')
    assert window.notices.items[0].label.textFormat() == Qt.TextFormat.PlainText
    window.key_panel.ask("<b>bold</b> refusal")
    assert window.key_panel.reason.textFormat() == Qt.TextFormat.PlainText


def test_a_key_typed_now_wins_over_the_environment_for_this_session(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window(key=None, env={"APIMODELS_API_KEY": "wrong-key"})
    window.add_paths(pngs(tmp_path, 1))
    aloop.until(window.key_panel.isVisible)
    window.key_panel.field.setText("test-key")
    window.key_panel.save.click()
    assert "APIMODELS_API_KEY" in window.statusBar().currentMessage()
    aloop.until(lambda: states(window) == [RowState.DONE])
