"""The list model on its own: Qt's model tester, countdowns at chosen clock values, filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.ui.table.model import Column, UploadsModel
from app.ui.table.proxy import FilterProxy
from app.ui.table.rows import Row, RowState
from app.ui.table.thumbs import ThumbnailCache
from app.ui.words import text
from tests.helpers import make_png

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def done(name: str, age: timedelta, url: str | None = None) -> Row:
    uploaded = NOW - age
    return Row(
        name,
        "image",
        RowState.DONE,
        1000,
        "image/png",
        None,
        url=url or f"https://cdn.example/{name}",
        uploaded_at=uploaded,
        expires_at=uploaded + timedelta(days=7),
        sent=1000,
    )


def every_state() -> list[Row]:
    rows = [
        Row("q.mp4", "video", RowState.QUEUED, 5000, "video/mp4", "/x/q.mp4"),
        Row("up.mp3", "audio", RowState.UPLOADING, 4000, "audio/mpeg", "/x/up.mp3", sent=1000),
        Row("r.png", "image", RowState.RETRYING, 10, "image/png", "/x/r.png", retry_at=5.0),
        Row("f.png", "image", RowState.FAILED, 10, "image/png", "/x/f.png", message="It broke."),
        Row("c.png", "image", RowState.CANCELLED, 10, "image/png", "/x/c.png"),
        Row("i.png", "image", RowState.INTERRUPTED, 10, "image/png", "/x/i.png"),
        Row("n.txt", "", RowState.REFUSED, message="n.txt is not an image, video or audio file."),
        done("fresh.png", timedelta(minutes=1)),
        done("soon.png", timedelta(days=6, hours=5)),
        done("old.png", timedelta(days=9)),
    ]
    return rows


@pytest.fixture
def model(qapp: Any) -> UploadsModel:
    return UploadsModel(clock=lambda: NOW, loop_time=lambda: 2.0)


def test_model_passes_qt_model_tester(qtmodeltester: Any, model: UploadsModel) -> None:
    model.insert(every_state())
    qtmodeltester.check(model, force_py=True)
    proxy = FilterProxy(model)
    proxy.sort(Column.EXPIRES, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)


def test_model_stays_consistent_while_rows_come_and_go(
    qtmodeltester: Any, model: UploadsModel
) -> None:
    qtmodeltester.check(model, force_py=True)  # the tester keeps watching from here on
    rows = every_state()
    model.insert(rows[:3])
    model.insert(rows[3:], at_top=False)
    model.remove([rows[0], rows[4], rows[5], rows[9]])
    assert [r.name for r in model.rows] == [
        "up.mp3",
        "r.png",
        "f.png",
        "n.txt",
        "fresh.png",
        "soon.png",
    ]
    model.changed([rows[1], rows[8]])
    model.clear()
    assert model.rowCount() == 0


@pytest.mark.parametrize(
    ("left", "shown"),
    [
        (timedelta(days=7), "7 d 0 h"),
        (timedelta(days=6, hours=23, minutes=59), "6 d 23 h"),
        (timedelta(hours=5, minutes=12, seconds=30), "5 h 12 m"),
        (timedelta(minutes=3), "3 m"),
        (timedelta(seconds=20), "< 1 m"),
        (timedelta(0), "expired"),
        (timedelta(days=-2), "expired"),
    ],
)
def test_countdown_text(left: timedelta, shown: str, qapp: Any) -> None:
    assert text.countdown(left) == shown


def test_countdown_cells_follow_the_clock(model: UploadsModel) -> None:
    clock = [NOW]
    model.clock = lambda: clock[0]
    model.insert([done("a.png", timedelta(0))])
    cell = model.index(0, Column.EXPIRES)
    assert model.data(cell) == "7 d 0 h"
    clock[0] = NOW + timedelta(days=6, hours=18, minutes=48)
    assert model.data(cell) == "5 h 12 m"
    assert model.data(cell, Qt.ItemDataRole.FontRole).bold()  # under 24 h: marked
    clock[0] = NOW + timedelta(days=7)
    assert model.data(cell) == "expired"
    assert model.data(model.index(0, Column.STATUS)) == "Expired"
    assert model.data(model.index(0, Column.NAME), Qt.ItemDataRole.ForegroundRole) is not None


def test_status_texts_say_what_happens(model: UploadsModel) -> None:
    model.insert(every_state())
    status = [model.data(model.index(i, Column.STATUS)) for i in range(model.rowCount())]
    assert status[0] == "Queued"
    assert status[1] == "25 %"
    up = model.index(1, Column.STATUS)
    assert model.data(up, Qt.ItemDataRole.AccessibleTextRole) == "Uploading, 25 %"
    assert status[2].startswith("Retrying in 3 s")
    assert status[3] == "Failed: It broke."
    assert status[4] == "Cancelled"
    assert status[5].startswith("Interrupted")
    assert status[6] == "Not added: n.txt is not an image, video or audio file."
    assert status[7:] == ["Done", "Done", "Expired"]


def test_speed_and_time_left_appear_once_bytes_move(model: UploadsModel) -> None:
    row = Row("big.mp4", "video", RowState.UPLOADING, 10 * 1024 * 1024, "video/mp4", "/x")
    model.insert([row])
    for second in range(5):
        row.sent = second * 1024 * 1024
        row.meter.add(float(second), row.sent)
    assert model.progress_text(row) == "40 % · 1 MB/s · 6 s left"


def test_all_bytes_sent_says_the_answer_is_awaited_not_zero_seconds_left(
    model: UploadsModel,
) -> None:
    # The screenshots showed "100 % · 6 MB/s · 0 s left" while the service had not answered yet.
    row = Row("voice.wav", "audio", RowState.UPLOADING, 4 * 1024 * 1024, "audio/wav", "/x")
    model.insert([row])
    for second in range(5):
        row.sent = second * 1024 * 1024
        row.meter.add(float(second), row.sent)
    assert model.progress_text(row) == "100 % · waiting for the service's answer"


def test_filter_and_search(model: UploadsModel) -> None:
    model.insert(every_state())
    proxy = FilterProxy(model)
    names = lambda: [proxy.index(i, 0).data() for i in range(proxy.rowCount())]  # noqa: E731
    proxy.set_mode(FilterProxy.EXPIRED)
    assert names() == ["old.png"]
    proxy.set_mode(FilterProxy.ACTIVE)
    assert "old.png" not in names() and "fresh.png" in names() and "q.mp4" in names()
    proxy.set_mode(FilterProxy.ALL)
    proxy.set_search("SOON")
    assert names() == ["soon.png"]
    proxy.set_search("cdn.example/fresh")
    assert names() == ["fresh.png"]


def test_thumbnails_load_off_the_gui_thread_and_repaint_the_row(
    model: UploadsModel, qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / "wide.png"
    image = QImage(400, 100, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(path))
    bogus = tmp_path / "bogus.png"
    bogus.write_bytes(make_png()[:20])
    thumbs = ThumbnailCache(ratio=1.0)
    model.thumbs = thumbs
    thumbs.ready.connect(model._on_thumbnail_ready)
    model.insert(
        [
            Row("wide.png", "image", RowState.QUEUED, 1, "image/png", str(path)),
            Row("bogus.png", "image", RowState.QUEUED, 1, "image/png", str(bogus)),
        ]
    )
    first = model.data(model.index(0, Column.NAME), Qt.ItemDataRole.DecorationRole)
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    thumb = model.data(model.index(0, Column.NAME), Qt.ItemDataRole.DecorationRole)
    assert first is not thumb
    # A full square with the picture in the middle: every name starts at the same place.
    assert (thumb.width(), thumb.height()) == (40, 40)
    picture = thumb.toImage()
    assert picture.pixelColor(20, 20) == QColor("red")
    assert picture.pixelColor(20, 2).alpha() == 0
    model.data(model.index(1, Column.NAME), Qt.ItemDataRole.DecorationRole)
    assert thumbs.wait(5000)
    qtbot.wait(50)
    icon = model.data(model.index(1, Column.NAME), Qt.ItemDataRole.DecorationRole)
    assert hasattr(icon, "availableSizes")  # an undecodable picture keeps the kind's icon


def test_sorting_by_status_orders_the_states(model: UploadsModel) -> None:
    model.insert(every_state())
    proxy = FilterProxy(model)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    up = [proxy.index(i, 0).data() for i in range(proxy.rowCount())]
    proxy.sort(Column.STATUS, Qt.SortOrder.DescendingOrder)
    down = [proxy.index(i, 0).data() for i in range(proxy.rowCount())]
    assert up[0] == "up.mp3" and down[-1] == "up.mp3"
    assert up != down


def test_changes_to_rows_far_apart_are_reported_per_run(model: UploadsModel, qtbot: Any) -> None:
    rows = [done(f"{i}.png", timedelta(hours=1)) for i in range(50)]
    model.insert(rows)
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: spans.append((a.row(), b.row())))
    model.changed([rows[1], rows[2], rows[40]])
    assert spans == [(1, 2), (40, 40)]


def test_a_burst_of_thumbnails_is_made_by_two_loaders(qtbot: Any, tmp_path: Path) -> None:
    """New rows arriving by the hundred (a watched folder) asked for a thread start each."""
    from PySide6.QtGui import QImage

    paths = []
    for i in range(40):
        path = tmp_path / f"{i}.png"
        image = QImage(60, 30, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.blue)
        assert image.save(str(path))
        paths.append(str(path))
    thumbs = ThumbnailCache(ratio=1.0)
    starts: list[object] = []
    real_start = thumbs._pool.start
    thumbs._pool.start = lambda runnable: (starts.append(runnable), real_start(runnable))  # type: ignore[method-assign]
    ready: list[str] = []
    thumbs.ready.connect(ready.append)
    for path in paths:
        assert thumbs.get(path) is None
    qtbot.waitUntil(lambda: len(ready) == len(paths), timeout=10_000)
    assert sorted(ready) == sorted(paths)
    assert all(thumbs.get(p) is not None for p in paths)
    assert len(starts) <= 2 * len(paths) // 10  # a few loaders, not one start per picture
    assert thumbs.wait(5000)
