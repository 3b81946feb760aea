"""Drops that cost what is visible (issue 18): a drag of thousands of items is answered without
looking at each on disk, and a big drop is queued in batches, in its order, the loop turning
in between."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDragLeaveEvent
from PySide6.QtWidgets import QApplication

import app.ui.control.files_in as files_in
import app.ui.window.dropzone as dropzone
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop
from tests.ui.test_feedback import drag_enter


def test_a_drag_of_many_items_is_answered_without_looking_at_each(
    make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    looked: list[str] = []
    monkeypatch.setattr(dropzone.os.path, "isdir", lambda p: looked.append(p) or False)
    mime = QMimeData()
    urls = [QUrl.fromLocalFile(str(tmp_path / f"{i}.png")) for i in range(dropzone.LOOK_AT * 3)]
    mime.setUrls([*urls, QUrl("https://example.com/a.png")])
    assert drag_enter(window, mime).isAccepted()
    overlay = window.drop.overlay
    assert overlay.isVisible() and overlay.usable
    assert overlay.title.text() == f"Drop to upload {dropzone.LOOK_AT * 3} items"
    assert looked == []
    QApplication.sendEvent(window, QDragLeaveEvent())
    # A few items are still looked at: files and folders are told apart.
    mime.setUrls(urls[:2])
    drag_enter(window, mime)
    assert overlay.title.text() == "Drop to upload 2 files"
    assert len(looked) == 2


def test_a_big_drop_is_queued_in_batches_in_its_order(
    make_window: Any, aloop: Loop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_in, "QUEUE_BATCH", 3)
    window = make_window(settings={"auto_copy": False, "concurrency": 1})
    model = window.controller.model
    inserts: list[int] = []
    real_insert = model.insert
    monkeypatch.setattr(model, "insert", lambda rows, **kw: inserts.append(len(rows)) or
                        real_insert(rows, **kw))  # fmt: skip
    earlier = tmp_path / "earlier.png"
    earlier.write_bytes(make_png(5, 5, seed=50))
    window.add_paths([str(earlier)])
    aloop.until(lambda: model.rowCount() == 1)
    inserts.clear()
    paths = []
    for i in range(8):
        paths.append(tmp_path / f"n{i}.png")
        paths[-1].write_bytes(make_png(6, 6, seed=i))
    messages: list[str] = []
    window.controller.message.connect(messages.append)
    window.add_paths([str(p) for p in paths])
    aloop.until(lambda: model.rowCount() == 9)
    assert inserts == [3, 3, 2]
    names = [r.name for r in model.rows]
    assert names == [p.name for p in paths] + ["earlier.png"]  # the drop's order, on top
    jobs = [r.job_id for r in model.rows[:8]]
    assert jobs == sorted(jobs)  # and the uploads go in that order
    assert "Queued 8 files." in messages
    aloop.until(lambda: all(r.state is RowState.DONE for r in model.rows))
    # Sorted and back: the drop keeps its order.
    model.sort(0)
    model.sort(-1)
    assert [r.name for r in model.rows] == names
