"""Auto-copy writes the clipboard once, when the batch ends, in drop order, and leaves it alone
when the person copied something else while the batch ran; the result stays as a notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication

from tests.helpers import make_png
from tests.ui.conftest import Loop


def _files(tmp_path: Path, count: int, start: int = 0) -> list[str]:
    paths = []
    for i in range(start, start + count):
        path = tmp_path / f"shot {i}.png"
        path.write_bytes(make_png(10, 10, seed=300 + i))
        paths.append(str(path))
    return paths


def _slow_batch(window: Any, local_server: Any, paths: list[str]) -> None:
    """One upload at a time, each held back a little: the batch lasts over a second."""
    local_server.faults.stall(0.35, times=len(paths))
    window.add_paths(paths)


def test_the_clipboard_is_written_once_when_the_batch_ends(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"concurrency": 1})
    clipboard = QGuiApplication.clipboard()
    writes: list[str] = []
    clipboard.dataChanged.connect(lambda: writes.append(clipboard.text()))
    paths = _files(tmp_path, 4)
    _slow_batch(window, local_server, paths)
    aloop.until(lambda: window.controller.batch_copy.last is not None)
    aloop.settle(0.3)
    rows = {r.path: r for r in window.controller.model.rows}
    assert writes == ["\n".join(rows[p].url for p in paths)]  # once, in drop order
    notice = window.notices.texts()[0]
    assert "4 files uploaded." in notice
    assert "4 URLs copied to the clipboard as Plain URL" in notice


def test_text_copied_during_the_batch_is_left_alone(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"concurrency": 1})
    _slow_batch(window, local_server, _files(tmp_path, 3))
    aloop.until(lambda: any(r.url for r in window.controller.model.rows))
    QGuiApplication.clipboard().setText("the person's own text")
    aloop.until(lambda: window.controller.batch_copy.last is not None)
    aloop.settle(0.3)
    assert QGuiApplication.clipboard().text() == "the person's own text"
    banner = window.notices.items[0]
    assert "were not copied: something else was copied" in banner.label.text()
    assert banner.isVisible()
    # The notice offers the URLs instead, and stays until it is dismissed.
    copy = [b for b in banner.findChildren(type(window.use_existing)) if "Copy 3" in b.text()]
    assert copy
    copy[0].click()
    assert len(QGuiApplication.clipboard().text().splitlines()) == 3


def test_the_batch_result_stays_until_dismissed(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    window.add_paths(_files(tmp_path, 2, start=10))
    aloop.until(lambda: bool(window.notices.items))
    aloop.settle(6.5)  # longer than the old status-bar tip lasted
    assert window.notices.items and "2 files uploaded." in window.notices.texts()[0]
    # A second batch replaces the first one's result instead of stacking under it.
    window.add_paths(_files(tmp_path, 1, start=20))
    aloop.until(lambda: "1 file uploaded." in window.notices.texts()[0])
    assert sum("uploaded." in t for t in window.notices.texts()) == 1
    window.notices.items[0].close_button.click()
    assert not window.notices.items


def test_the_duplicates_offer_copies_the_whole_drop_in_its_order(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    old = _files(tmp_path, 2, start=30)
    window.add_paths(old)
    aloop.until(lambda: window.controller.batch_copy.last is not None)
    window.controller.batch_copy.last = None
    new = _files(tmp_path, 2, start=40)
    drop = [new[0], old[0], new[1], old[1]]
    window.add_paths(drop)
    aloop.until(lambda: window.duplicates_bar.isVisible())
    window.use_existing.click()
    aloop.until(lambda: window.controller.batch_copy.last is not None)
    aloop.settle(0.2)
    rows = {r.path: r for r in window.controller.model.rows}
    assert QGuiApplication.clipboard().text().splitlines() == [rows[p].url for p in drop]


def test_the_batch_result_follows_a_language_switch(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    from app.ui.words import i18n

    window = make_window()
    window.add_paths(_files(tmp_path, 2, start=50))
    aloop.until(lambda: bool(window.notices.items))
    try:
        i18n.apply("zh_CN")
        assert "uploaded" not in window.notices.texts()[0]
    finally:
        i18n.apply("en")
    assert "2 files uploaded." in window.notices.texts()[0]
