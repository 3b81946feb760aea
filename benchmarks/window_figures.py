"""The window's figures, each in a fresh process: run by benchmarks/run.py, prints one JSON object.

Run: python benchmarks/window_figures.py history|tick|sort|uploads|drop [--app-root DIR] ...
- history: what 10,000 history rows add to start() and the first layout of the list, in ms
- tick:    one countdown refresh with 10,000 rows and the Active (then Expired) filter on, in ms
- sort:    a click on a column header, and Select all, with 10,000 rows, in ms
- uploads: the longest gap and the p99 between ticks of a 5 ms GUI timer during 8 parallel 100 MB
           uploads into the raw sink (benchmarks/sink.py), in ms; the first upload's own gap too
- drop:    1,000 small files dropped: time until all are queued and the longest gap meanwhile
- dedupe:  8 x 100 MB uploaded then dropped again: time until the window offers their URLs
Everything runs on the offscreen platform against a profile in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


class Gaps:
    """A 5 ms timer on the GUI thread; the gaps between its ticks are how long the window froze."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.gaps, self.last = [], time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def worst_ms(self) -> float:
        return max(self.gaps, default=0.0) * 1000

    @property
    def p99_ms(self) -> float:
        if len(self.gaps) < 2:
            return self.worst_ms
        return statistics.quantiles(self.gaps, n=100)[98] * 1000


def fill_history(path: Path, count: int, now: datetime) -> None:
    """count rows, a fifth of them expired, written in one transaction (fast, unlike add())."""
    from app.core.history import History

    history = History(path)
    history.close()
    import sqlite3

    db = sqlite3.connect(path)
    rows = []
    for i in range(count):
        uploaded = now - timedelta(days=8 if i % 5 == 0 else 0, minutes=i)
        ms = int(uploaded.timestamp() * 1000)
        rows.append(
            (f"photo-{i:05}.png", 1000 + i * 37 % 50_000, "image/png",
             f"https://files.example/{i:05}.png", ms, ms + 7 * 86_400_000, None, None)
        )  # fmt: skip
    db.executemany(
        "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at,"
        " source_path, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    db.close()


def make_window(work: Path, base_url: str = "http://127.0.0.1:9", **prefs: object) -> Any:
    from app.core.settings import AppPaths, KeyStore, Settings
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

    paths = AppPaths.resolve(work / "profile")
    settings = Settings(None, env={})
    settings.set("base_url", base_url)
    settings.set("auto_copy", False)
    for name, value in prefs.items():
        settings.set(name, value)
    keys = KeyStore(env={"APIMODELS_API_KEY": "bench-key"})
    controller = Controller(paths, settings, keys)
    window = MainWindow(controller)
    window.resize(1120, 640)
    window.show()
    return controller, window


def settle(app: Any, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def timed(app: Any, action: Any) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()  # the repaint that follows is part of what the person waits for
    return (time.perf_counter() - start) * 1000


def _on_qt_loop(app: Any, work: Any, controller: Any) -> Any:
    """Run one figure's coroutine on a qasync loop over ``app``, then shut the controller down."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        result = loop.run_until_complete(work)
        loop.run_until_complete(controller.shutdown())
    return result


def figure_history(app: Any, work: Path, rows: int) -> dict[str, float]:
    """The GUI thread's longest block while 10,000 history rows load, and when they show."""
    import inspect

    import qasync

    from app.ui.control.controller import Controller

    threaded = "in_background" in inspect.signature(Controller.start).parameters
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def once(count: int, folder: Path) -> tuple[float, float]:
        fill_history(folder / "profile" / "history.sqlite3", count, datetime.now(UTC))
        controller, window = make_window(folder)
        await asyncio.sleep(0.1)
        gaps = Gaps()
        gaps.start()
        began = time.perf_counter()
        if threaded:
            controller.start(in_background=True)
        else:
            controller.start()
        block = time.perf_counter() - began
        while controller.model.rowCount() < count:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        await asyncio.sleep(0.05)  # the layout and paint that follow
        gaps.stop()
        shown = time.perf_counter() - began
        await controller.shutdown()
        window.close()
        return max(block * 1000, gaps.worst_ms), shown * 1000

    blocks, shows = [], []
    with loop:
        for i in range(3):
            block, shown = loop.run_until_complete(once(rows, work / f"f{i}"))
            blocks.append(block)
            shows.append(shown)
    return {"block_ms": statistics.median(blocks), "shown_ms": statistics.median(shows)}


def _loaded(app: Any, work: Path, rows: int) -> Any:
    fill_history(work / "profile" / "history.sqlite3", rows, datetime.now(UTC))
    controller, window = make_window(work)
    controller.start()
    settle(app, 0.2)
    return controller, window


def figure_tick(app: Any, work: Path, rows: int) -> dict[str, float]:
    from app.ui.table.proxy import FilterProxy

    _controller, window = _loaded(app, work, rows)
    out = {}
    for mode in (FilterProxy.ACTIVE, FilterProxy.EXPIRED):
        window.filter.setCurrentIndex(window.filter.findData(mode))
        settle(app, 0.1)
        times = [timed(app, window.view.refresh_countdowns) for _ in range(15)]
        out[f"{mode}_ms"] = statistics.median(times)
    return out


def figure_sort(app: Any, work: Path, rows: int) -> dict[str, float]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from app.ui.table.model import Column

    _controller, window = _loaded(app, work, rows)
    header = window.view.horizontalHeader()
    clicks = []
    for column in (Column.NAME, Column.SIZE, Column.STATUS, Column.EXPIRES, Column.NAME):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        point = QPoint(x, header.height() // 2)
        clicks.append(
            timed(
                app,
                lambda p=point: QTest.mouseClick(  # type: ignore[misc]
                    header.viewport(), Qt.MouseButton.LeftButton, pos=p
                ),
            )
        )
    selects = []
    for _ in range(5):
        window.view.clearSelection()
        settle(app, 0.05)
        select_all = (
            window.acts.select_all if hasattr(window, "acts") else window.act_select_all
        )  # the menu's action; it moved to app/ui/window/actions.py
        selects.append(timed(app, select_all.trigger))
    return {"sort_ms": statistics.median(clicks), "select_all_ms": statistics.median(selects)}


def figure_uploads(app: Any, work: Path, files: int, size: int, base_url: str) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import make_files

    from app.ui.table.rows import RowState

    paths = make_files(work / "files", files, size)
    controller, window = make_window(work, base_url, concurrency=files)
    controller.start()
    if hasattr(controller, "warm_up"):  # the code before this branch had none
        controller.warm_up()
    gaps = Gaps()
    settle(app, 0.5)

    async def run() -> dict[str, float]:
        gaps.start()
        await asyncio.sleep(1.0)
        idle = gaps.worst_ms
        gaps.start()
        first = time.perf_counter()
        busy = time.thread_time()
        window.add_paths([str(p) for p in paths])
        model = controller.model
        while len(model.find(lambda r: r.state is RowState.DONE)) < files:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        took = time.perf_counter() - first
        gui_cpu = time.thread_time() - busy
        gaps.stop()
        failed = model.find(lambda r: r.state is RowState.FAILED)
        if failed:
            raise RuntimeError(failed[0].message)
        return {"idle_ms": idle, "worst_ms": gaps.worst_ms, "p99_ms": gaps.p99_ms,
                "seconds": took, "gui_thread_cpu_share": gui_cpu / took}  # fmt: skip

    return _on_qt_loop(app, run(), controller)


def figure_dedupe(app: Any, work: Path, files: int, size: int, base_url: str) -> dict[str, float]:
    """8 files uploaded, then dropped again: how long until the window offers their URLs, as
    they are, and after their times were touched (same bytes: only a hash can tell)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import make_files

    from app.ui.table.rows import RowState

    paths = make_files(work / "files", files, size)
    controller, window = make_window(work, base_url, concurrency=files)
    controller.start()
    offers: list[float] = []
    controller.duplicates_found.connect(lambda _found: offers.append(time.perf_counter()))

    async def offer_time() -> float:
        offers.clear()
        began = time.perf_counter()
        window.add_paths([str(p) for p in paths])
        while not offers:  # noqa: ASYNC110
            await asyncio.sleep(0.002)
        return offers[0] - began

    async def run() -> dict[str, float]:
        window.add_paths([str(p) for p in paths])
        model = controller.model
        while len(model.find(lambda r: r.state is RowState.DONE)) < files:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)
        untouched = await offer_time()
        later = time.time_ns()
        for path in paths:
            os.utime(path, ns=(later, later))
        touched = await offer_time()
        return {"untouched_s": untouched, "touched_s": touched}

    return _on_qt_loop(app, run(), controller)


def figure_drop(app: Any, work: Path, count: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers import make_png

    folder = work / "drop"
    folder.mkdir()
    for i in range(count):
        (folder / f"img{i:05}.png").write_bytes(make_png(8, 8, seed=i))
    # Nowhere to upload to: the figure is the queueing, not the uploads.
    controller, window = make_window(work, "http://127.0.0.1:9")
    controller.start()
    if hasattr(controller, "warm_up"):  # as the app does after its first paint
        controller.warm_up()
    gaps = Gaps()

    async def run() -> dict[str, float]:
        await asyncio.sleep(0.3)
        gaps.start()
        began = time.perf_counter()
        window.add_paths([str(folder)])
        while controller.model.rowCount() < count:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        queued = time.perf_counter() - began
        gaps.stop()
        controller.cancel_all()
        return {"queued_s": queued, "worst_ms": gaps.worst_ms}

    return _on_qt_loop(app, run(), controller)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("figure", choices=("history", "tick", "sort", "uploads", "drop", "dedupe"))
    parser.add_argument("--app-root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--base-url", default="")
    args = parser.parse_args()
    sys.path.insert(0, args.app_root)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.figure == "history":
            result = figure_history(app, work, args.rows)
        elif args.figure == "tick":
            result = figure_tick(app, work, args.rows)
        elif args.figure == "sort":
            result = figure_sort(app, work, args.rows)
        elif args.figure == "uploads":
            size = args.size_mb * 1_000_000
            result = figure_uploads(app, work, args.files, size, args.base_url)
        elif args.figure == "dedupe":
            size = args.size_mb * 1_000_000
            result = figure_dedupe(app, work, args.files, size, args.base_url)
        else:
            result = figure_drop(app, work, 1000)
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown of windows and threads: the figures are printed


if __name__ == "__main__":
    sys.exit(main())
