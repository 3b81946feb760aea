"""Media work in the window: a drop over the limit is offered, fitted on the button, uploaded;
cleaning shows its badge; rows show duration and dimensions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import httpx
import pytest
from PySide6.QtCore import QPersistentModelIndex, QUrl

from app.core.history import History
from app.core.media import Caps
from app.ui.table.columns import Column
from app.ui.table.rows import RowState
from tests.core.media_samples import camera_jpeg, write_video
from tests.ui.conftest import Loop
from tests.ui.test_window_e2e import drop

pytestmark = pytest.mark.slow


def _rows(window: Any, state: RowState) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is state)


def test_a_drop_over_the_limit_is_offered_fitted_and_uploaded(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    clip = write_video(tmp_path / "clip.mov", seconds=4, size=(320, 240), bitrate=1_500_000)
    window = make_window()
    c = window.controller
    cap = clip.stat().st_size // 2
    c.media_prep.caps = Caps(video=cap)  # the service's 100 MB, scaled down to the test's clip
    drop(window, [QUrl.fromLocalFile(str(clip))])
    aloop.until(lambda: _rows(window, RowState.OVER_LIMIT), 20)
    (row,) = _rows(window, RowState.OVER_LIMIT)
    status = c.model.status_text(row)
    assert status.startswith("clip.mov is ") and "Make it fit (about" in status
    assert "320×240, H.264)" in status
    # The button in the URL cell, as a click on it reports it.
    delegate = window.view.url_delegate
    assert delegate.button_kind(row) == "fit"
    index = c.model.index(c.model.position(row), Column.URL)
    seen: list[str] = []
    delegate.button_clicked.emit("fit", QPersistentModelIndex(index))
    aloop.until(lambda: row.state is not RowState.OVER_LIMIT, 5)

    def watch() -> bool:
        if row.state is RowState.FITTING and row.fit and row.fit[0] > 0:
            seen.append(c.model.status_text(row))
        return row.state in (RowState.DONE, RowState.FAILED, RowState.CANCELLED)

    aloop.until(watch, 60)
    assert row.state is RowState.DONE, (row.state, row.message)
    assert any(s.startswith("Fitting · ") and "real time" in s for s in seen), seen
    served = httpx.get(row.url, timeout=10).content
    assert len(served) <= cap and row.size == len(served) and row.fitted
    assert row.url.endswith(".mp4")
    (tmp_path / "served.mp4").write_bytes(served)
    with av.open(str(tmp_path / "served.mp4")) as got:
        assert got.streams.video[0].codec_context.name == "h264"
    history = History(c.paths.history)
    (record,) = history.recent()
    assert record.fitted and record.source_path == str(clip)
    assert record.size == clip.stat().st_size and record.sent_size == len(served)
    history.close()
    aloop.until(lambda: not any(p.is_file() for p in c.media_prep.scratch.root.rglob("*")), 5)


def test_cancelling_a_fit_leaves_no_file(make_window: Any, aloop: Loop, tmp_path: Path) -> None:
    clip = write_video(tmp_path / "long.mp4", seconds=20, size=(640, 480), bitrate=4_000_000)
    window = make_window(settings={"over_limit": "fit"})
    c = window.controller
    c.media_prep.caps = Caps(video=clip.stat().st_size // 2)
    drop(window, [QUrl.fromLocalFile(str(clip))])
    aloop.until(lambda: any(r.fit and r.fit[0] > 0 for r in _rows(window, RowState.FITTING)), 30)
    (row,) = _rows(window, RowState.FITTING)
    assert c.cancel([row]) == 1
    aloop.until(lambda: row.state is RowState.CANCELLED, 10)
    assert not any(p.is_file() for p in c.media_prep.scratch.root.rglob("*"))


def test_cleaning_shows_its_badge_and_rows_show_dimensions(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    photo = camera_jpeg(tmp_path / "photo.jpg", size=(64, 48))
    clip = write_video(tmp_path / "clip.mp4", seconds=2, size=(64, 48))
    window = make_window()
    c = window.controller
    drop(window, [QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(clip))])
    aloop.until(lambda: len(_rows(window, RowState.DONE)) == 2, 20)
    by_name = {r.name: r for r in _rows(window, RowState.DONE)}
    aloop.until(lambda: by_name["clip.mp4"].info and by_name["photo.jpg"].info, 10)
    kind = c.model.data(c.model.index(c.model.position(by_name["photo.jpg"]), Column.KIND))
    assert kind == "Image · 48×64 · location removed"  # shown upright (EXIF orientation 6)
    assert c.model.data(c.model.index(c.model.position(by_name["clip.mp4"]), Column.KIND)) == (
        "Video · 0:02 · 64×48"
    )
    served = httpx.get(by_name["photo.jpg"].url, timeout=10).content
    assert b"GPSLatitude" not in served and b"SN-0042-SECRET" not in served
    assert photo.read_bytes() != served


def test_quitting_during_a_fit_kills_it_and_leaves_no_file(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    clip = write_video(tmp_path / "long.mp4", seconds=20, size=(640, 480), bitrate=4_000_000)
    window = make_window(settings={"over_limit": "fit"})
    c = window.controller
    c.media_prep.caps = Caps(video=clip.stat().st_size // 2)
    drop(window, [QUrl.fromLocalFile(str(clip))])
    aloop.until(lambda: any(r.fit and r.fit[0] > 0 for r in _rows(window, RowState.FITTING)), 30)
    (fit,) = c.media_prep._fits.values()
    child = fit._proc
    assert child is not None and child.poll() is None
    c.media_prep.shutdown()  # what the controller's shutdown does first at quit
    assert not _rows(window, RowState.FITTING)  # nothing left running: no "uploads running?"
    aloop.until(lambda: child.poll() is not None, 10)  # killed, not left encoding
    assert not c.media_prep.scratch.root.exists() or not any(
        p.is_file() for p in c.media_prep.scratch.root.rglob("*")
    )


def test_a_video_row_gets_a_poster_frame(make_window: Any, aloop: Loop, tmp_path: Path) -> None:
    clip = write_video(tmp_path / "clip.mp4", seconds=3, size=(96, 64))
    window = make_window()
    c = window.controller
    assert c.thumbs.get(str(clip)) is None  # asked for: made in a worker thread
    aloop.until(lambda: c.thumbs.get(str(clip)) is not None, 10)
    poster = c.thumbs.get(str(clip))
    assert poster is not None and not poster.isNull()
    image = poster.toImage()
    assert image.width() > 0 and image.pixelColor(image.width() // 2, image.height() // 2).alpha()


def test_a_history_row_shows_what_was_sent_and_what_was_done(qapp: Any) -> None:
    from datetime import UTC, datetime

    from app.core.history import Record
    from app.ui.table import media_text
    from app.ui.table.rows import Row

    now = datetime(2026, 1, 1, tzinfo=UTC)
    record = Record(
        1, "clip.mov", 190_000_000, "video/mp4", "https://x/clip.mp4", now, now, "/clip.mov",
        None, sent_size=99_000_000, fitted=True, removed=("GPS position",),
    )  # fmt: skip
    row = Row.from_record(record)
    assert row.size == 99_000_000 and row.original_size == 190_000_000
    assert media_text.kind_cell(row) == "Video · made to fit · location removed"
    lines = media_text.tooltip_lines(row)
    assert lines == ["Made to fit: 94.4 MB sent, the original is 181 MB.",
                     "Removed before upload: GPS position."]  # fmt: skip
