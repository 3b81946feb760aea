"""The whole path through the window: real files dropped, the local server as the API, URLs in
the model and on the clipboard that serve the same bytes."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def drop(window: Any, urls: list[QUrl]) -> QDropEvent:
    """What a file manager's drag does: enter, move, drop, offering copy or move."""
    mime = QMimeData()
    mime.setUrls(urls)
    centre = QPointF(window.rect().center()).toPoint()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    args = (mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(centre, actions, *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDragMoveEvent(centre, actions, *args))
    event = QDropEvent(centre, actions, *args)
    QApplication.sendEvent(window, event)
    assert event.isAccepted()
    return event


def done_rows(window: Any) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is RowState.DONE)


def test_dropped_files_upload_and_their_urls_serve_the_same_bytes(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window()
    files = []
    for i in range(3):
        path = tmp_path / f"photo {i}.png"
        path.write_bytes(make_png(30, 20, seed=i))
        files.append(path)
    folder = tmp_path / "album"
    folder.mkdir()
    (folder / "cover.png").write_bytes(make_png(8, 8, seed=9))
    (folder / "readme.txt").write_text("not media")

    event = drop(window, [QUrl.fromLocalFile(str(p)) for p in [*files, folder]])
    assert event.dropAction() == Qt.DropAction.CopyAction  # never a move out of the source
    try:
        aloop.until(lambda: len(done_rows(window)) == 4, 8)
    finally:
        print([(r.name, r.state, r.message) for r in window.controller.model.rows])
    aloop.until(lambda: window.controller.active_count() == 0)
    # The batch's end (and its copy) is the engine's next news, a frame after the last row's.
    aloop.until(lambda: bool(QGuiApplication.clipboard().text()))

    rows = done_rows(window)
    by_name = {row.name: row for row in rows}
    assert set(by_name) == {"photo 0.png", "photo 1.png", "photo 2.png", "cover.png"}
    clipboard = QGuiApplication.clipboard().text().splitlines()
    assert sorted(clipboard) == sorted(row.url for row in rows)
    for path in [*files, folder / "cover.png"]:
        url = by_name[path.name].url
        assert httpx.get(url).content == path.read_bytes()
    # the folder's text file was skipped, and the person was told
    assert window.notices.isVisible()
    skipped = [t for t in window.notices.texts() if "Skipped 1 file" in t]  # beside the result
    assert skipped and "readme.txt (plain text)" in skipped[0]  # names what was skipped
    assert window.stack.currentWidget() is window.view


def test_refused_files_show_the_media_sentence_on_their_row(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    fake = tmp_path / "holiday.png"
    fake.write_text("this is not a picture")
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    drop(window, [QUrl.fromLocalFile(str(fake)), QUrl.fromLocalFile(str(empty))])
    model = window.controller.model
    aloop.until(lambda: model.rowCount() == 2)
    texts = sorted(model.data(model.index(r, 3)) for r in range(2))
    assert all(t.startswith("Not added: ") for t in texts)
    assert any("holiday.png" in t and "image" in t.lower() for t in texts), texts
    assert any("empty.mp4" in t and "empty" in t.lower() for t in texts), texts
    assert window.controller.engine.jobs == {}


def test_a_dropped_address_that_is_not_http_is_refused_with_a_sentence(
    make_window: Any, aloop: Loop
) -> None:
    window = make_window()
    drop(window, [QUrl("ftp://example.com/cat.png")])
    aloop.settle()
    assert "is not a web address (http or https)" in window.statusBar().currentMessage()
    model = window.controller.model
    assert model.rowCount() == 1 and model.row_at(0).state is RowState.REFUSED


def test_a_pasted_screenshot_is_saved_as_png_and_uploaded(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    window = make_window()
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)
    window.paste()
    aloop.until(lambda: len(done_rows(window)) == 1)
    row = done_rows(window)[0]
    assert row.name.startswith("Pasted image") and row.name.endswith(".png")
    assert Path(row.path).parent == profile.cache / "pasted"
    if os.name == "posix":  # a screenshot is private until the person shares its URL
        assert stat.S_IMODE(Path(row.path).stat().st_mode) == 0o600
        assert stat.S_IMODE((profile.cache / "pasted").stat().st_mode) == 0o700
    served = QImage.fromData(httpx.get(row.url).content)
    assert (served.width(), served.height()) == (64, 48)


def test_an_identical_live_file_offers_the_existing_url(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    path = tmp_path / "same.png"
    path.write_bytes(make_png(10, 10, seed=3))
    window.add_paths([str(path)])
    aloop.until(lambda: len(done_rows(window)) == 1)
    puts = len(local_server.puts)
    first_url = done_rows(window)[0].url

    copy = tmp_path / "copy of same.png"
    copy.write_bytes(path.read_bytes())
    window.add_paths([str(copy)])
    aloop.until(window.duplicates_bar.isVisible)
    assert "already uploaded" in window.duplicates_bar.label.text()
    window.use_existing.click()
    assert QGuiApplication.clipboard().text() == first_url
    aloop.settle(0.2)
    assert len(local_server.puts) == puts  # nothing was sent again

    window.add_paths([str(copy)])
    aloop.until(window.duplicates_bar.isVisible)
    window.upload_again.click()
    aloop.until(lambda: len(done_rows(window)) == 2)
    assert len(local_server.puts) == puts + 1


def test_copy_button_in_the_url_cell_copies_that_url(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    path = tmp_path / "a.png"
    path.write_bytes(make_png(seed=1))
    window.add_paths([str(path)])
    aloop.until(lambda: len(done_rows(window)) == 1)
    QGuiApplication.clipboard().setText("before")
    view = window.view
    index = window.proxy.index(0, 4)
    rect = view.visualRect(index)
    button = view.url_delegate.button_rect(rect)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert QGuiApplication.clipboard().text() == done_rows(window)[0].url
    QGuiApplication.clipboard().setText("before")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, rect.center().y()))
    assert QGuiApplication.clipboard().text() == "before"  # the rest of the cell does not copy
