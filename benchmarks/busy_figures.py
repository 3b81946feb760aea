"""The window under load (issue 18), each figure in a fresh process; prints one JSON object.

Run: python benchmarks/busy_figures.py drop|list [--app-root DIR] [--base-url URL] [--files N]
                                                [--rows N]
- drop: N small files (default 10,000) dragged over the window, then dropped while they upload
        into the sink at --base-url: the drag-enter handler's time, drop to all queued, and the
        gaps of a 5 ms GUI timer (longest, p99) from the drop until 3 s after all were queued,
        with the GUI thread's share of a core meanwhile.
- list: a history of N rows (default 100,000), all of them put in the list (the list's own cap
        is lifted where it has one): the longest GUI-thread gap while they load after the first
        paint, then a click on a column header, Select all, a filter switch, a search typed and
        cleared (each also as the GUI thread's CPU time) and the countdown tick (median and
        longest), and the process's resident memory.
The 8 x 100 MB uploads over HTTPS are window_figures.py's ``uploads`` with an https base URL.
Offscreen Qt, a profile in a temporary folder; works on the code before issue 18 too.
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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from window_figures import Gaps, _on_qt_loop, fill_history, make_window, settle, timed


def timed_cpu(app: Any, action: Any, cpu: list[float]) -> float:
    """``timed``, and the GUI thread's own CPU time for the same span appended to ``cpu``: the
    CPU does not count the time spent waiting for a core on a loaded machine."""
    start = time.thread_time()
    wall = timed(app, action)
    cpu.append((time.thread_time() - start) * 1000)
    return wall


def _rss_mib() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def figure_drop(app: Any, work: Path, count: int, base_url: str) -> dict[str, float]:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.helpers import make_png

    folder = work / "drop"
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"img{i:05}.png"
        path.write_bytes(make_png(8, 8, seed=i))
        paths.append(str(path))
    controller, window = make_window(work, base_url, concurrency=3)
    controller.start()
    if hasattr(controller, "warm_up"):
        controller.warm_up()
    gaps = Gaps()

    def drag_enter() -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        event = QDragEnterEvent(
            QPoint(200, 200),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        began = time.perf_counter()
        QApplication.sendEvent(window, event)
        took.append((time.perf_counter() - began) * 1000)
        QApplication.sendEvent(window, QDragLeaveEvent())

    took: list[float] = []

    async def run() -> dict[str, float]:
        await asyncio.sleep(0.5)
        for _ in range(3):
            drag_enter()
            await asyncio.sleep(0.05)
        gaps.start()
        busy = time.thread_time()
        began = time.perf_counter()
        window.add_paths(paths)
        while controller.model.rowCount() < count:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        queued = time.perf_counter() - began
        await asyncio.sleep(3.0)  # the uploads go on; the window must keep up
        gaps.stop()
        spent = time.perf_counter() - began
        share = (time.thread_time() - busy) / spent
        from app.ui.table.rows import RowState

        done = len(controller.model.find(lambda r: r.state is RowState.DONE))
        controller.cancel_all()
        return {
            "drag_enter_ms": statistics.median(took),
            "queued_s": queued,
            "worst_ms": gaps.worst_ms,
            "p99_ms": gaps.p99_ms,
            "gui_thread_cpu_share": share,
            "uploaded_per_s": done / spent,
        }

    return _on_qt_loop(app, run(), controller)


def figure_list(app: Any, work: Path, rows: int) -> dict[str, float]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    import app.ui.table.history_rows as history_rows
    from app.ui.table.model import Column
    from app.ui.table.proxy import FilterProxy

    if hasattr(history_rows, "HISTORY_ROWS"):
        history_rows.HISTORY_ROWS = rows  # every row in the list, as the issue asks
    fill_history(work / "profile" / "history.sqlite3", rows, datetime.now(UTC))
    base_rss = _rss_mib()
    controller, window = make_window(work)
    settle(app, 0.2)
    gaps = Gaps()
    out: dict[str, float] = {}

    async def load() -> None:
        gaps.start()
        began = time.perf_counter()
        controller.start(in_background=True)
        out["start_call_ms"] = (time.perf_counter() - began) * 1000
        while controller.model.rowCount() < rows:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.1)
        gaps.stop()
        out["load_worst_gap_ms"] = max(gaps.worst_ms, out["start_call_ms"])
        out["loaded_s"] = time.perf_counter() - began

    _on_qt_loop_keep(app, load())
    settle(app, 0.2)
    out["rss_mib"] = _rss_mib()
    out["rss_added_mib"] = out["rss_mib"] - base_rss
    header = window.view.horizontalHeader()
    clicks: list[float] = []
    cpu: dict[str, list[float]] = {"sort": [], "select_all": [], "filter": [], "search": []}
    for column in (Column.NAME, Column.SIZE, Column.EXPIRES):
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        point = QPoint(x, header.height() // 2)
        clicks.append(
            timed_cpu(
                app,
                lambda p=point: QTest.mouseClick(  # type: ignore[misc]
                    header.viewport(), Qt.MouseButton.LeftButton, pos=p
                ),
                cpu["sort"],
            )
        )
    out["sort_ms"] = statistics.median(clicks)
    selects = []
    for _ in range(3):
        window.view.clearSelection()
        settle(app, 0.05)
        selects.append(timed_cpu(app, window.acts.select_all.trigger, cpu["select_all"]))
    window.view.clearSelection()
    out["select_all_ms"] = statistics.median(selects)
    switches = []
    for mode in (FilterProxy.ACTIVE, FilterProxy.EXPIRED, FilterProxy.ALL):
        switches.append(
            timed_cpu(
                app,
                lambda m=mode: window.filter.setCurrentIndex(  # type: ignore[misc]
                    window.filter.findData(m)
                ),
                cpu["filter"],
            )
        )
    out["filter_ms"] = statistics.median(switches)
    searches = [  # a search typed (the whole word at once), then cleared
        timed_cpu(app, lambda t=t: window.search.setText(t), cpu["search"])  # type: ignore[misc]
        for t in ("photo-0999", "", "files.example/0123", "")
    ]
    out["search_ms"] = statistics.median(searches)
    for name, spans in cpu.items():
        out[f"{name}_cpu_ms"] = statistics.median(spans)
    ticks = [timed(app, window.view.refresh_countdowns) for _ in range(20)]
    out["tick_median_ms"] = statistics.median(ticks)
    out["tick_max_ms"] = max(ticks)
    out["rows_listed"] = controller.model.rowCount()
    return out


def _on_qt_loop_keep(app: Any, work: Any) -> Any:
    """Run a coroutine on a qasync loop and leave the controller running (figures follow)."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    return loop.run_until_complete(work)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("figure", choices=("drop", "list"))
    parser.add_argument("--app-root", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--base-url", default="http://127.0.0.1:9")
    args = parser.parse_args()
    sys.path.insert(0, args.app_root)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.figure == "drop":
            result = figure_drop(app, work, args.files, args.base_url)
        else:
            result = figure_list(app, work, args.rows)
    print(json.dumps(result), flush=True)
    os._exit(0)  # no teardown of windows and threads: the figures are printed


if __name__ == "__main__":
    sys.exit(main())
