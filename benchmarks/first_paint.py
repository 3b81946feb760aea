"""Process start to the first paint of the window: the app's, or a bare QMainWindow's.

Run: python benchmarks/first_paint.py app|whole|cli|bare [--data-dir DIR] [--app-root DIR]
Prints one line, ``painted <seconds since the process started>``, at the first paint of the main
window, then exits. Both kinds start the same way (this script, the same interpreter, the same
platform plugin), so their ratio is what the app's own work costs before a person sees anything.
``whole``: the app again, timed at the first paint of the whole window (its bars and list), which
comes a moment after its frame's. ``cli``: the app started as ``main.py`` starts it, through the
command line's parser (app.cli), timed at its first paint.
benchmarks/run.py runs it on the offscreen platform, with the app's bytecode compiled as an
installed copy has it (and once more compiled from source on every start, for comparison).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def _process_age() -> float:
    """Seconds since this process was created, from the kernel's own start time."""
    with open("/proc/self/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    start_ticks = int(fields[19])
    with open("/proc/uptime", "rb") as handle:
        uptime = float(handle.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def main() -> int:
    kind = sys.argv[1]
    args = sys.argv[2:]
    data = Path(args[args.index("--data-dir") + 1]) if "--data-dir" in args else None
    if "--app-root" in args:
        sys.path.insert(0, args[args.index("--app-root") + 1])
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    born = time.monotonic() - _process_age()

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QPaintEvent
    from PySide6.QtWidgets import QApplication, QMainWindow

    # As app.ui.app does it, for both kinds: it must come before the application object.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])

    def report() -> None:
        print(f"painted {time.monotonic() - born:.4f}", flush=True)
        # The process's CPU time so far: on a loaded machine it moves less than the wall.
        print(f"cpu {time.process_time():.4f}", file=sys.stderr, flush=True)
        os._exit(0)

    # The paint is seen in the window's own paintEvent, not by an event filter on the whole
    # application: a Python filter there sees every event of every widget, and makes PySide set
    # up a Python type for each widget class the first time one passes through it (the list's
    # first QTableView: 4 ms without such a filter, 36 ms with one). The benchmark must not add
    # that cost to what it measures (the app keeps such a filter to macOS, where it is needed).
    if kind == "bare":

        class Bare(QMainWindow):
            def paintEvent(self, event: QPaintEvent) -> None:
                super().paintEvent(event)
                report()

        window = Bare()
        window.resize(1120, 640)
        window.show()
        return app.exec()
    from app.ui.window.mainwindow import MainWindow

    painted = MainWindow.paintEvent

    def paint_event(self: MainWindow, event: QPaintEvent) -> None:
        painted(self, event)
        # The whole window: its bars and list (``body_built``; ``built`` in a checkout from
        # before the body was painted ahead of the controller).
        if kind != "whole" or getattr(self, "body_built", getattr(self, "built", True)):
            report()

    MainWindow.paintEvent = paint_event  # type: ignore[method-assign]
    if kind == "cli":  # the way a person starts it: main.py and the command line's parser
        from app.__main__ import main as app_main

        return app_main([] if data is None else ["--data-dir", str(data)])
    from app.core.settings import AppPaths
    from app.ui.app import run_window

    return run_window(AppPaths.resolve(data))


if __name__ == "__main__":
    sys.exit(main())
