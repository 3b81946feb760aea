"""A drop of many files onto the real window: does the GUI thread keep painting?

Run: .venv/bin/python benchmarks/window_drop.py [--files 1000]
A 5 ms timer on the GUI thread records the longest gap between its ticks (how long the window
would have been frozen) while the drop is checked, queued, uploaded to the in-process local
service, and its URLs copied. The same timer alone, doing nothing, gives the baseline; the ratio
of the two is the number to watch, as absolute times depend on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class Stalls:
    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.worst, self.last = 0.0, time.perf_counter()
        self.timer.start()


async def run(count: int, work: Path) -> None:
    from app.core.settings import AppPaths, KeyStore, Settings
    from app.ui.controller import Controller
    from app.ui.mainwindow import MainWindow
    from app.ui.rows import RowState
    from tests.helpers import make_png

    folder = work / "drop"
    folder.mkdir()
    for i in range(count):
        (folder / f"img{i:05}.png").write_bytes(make_png(8, 8, seed=i))
    paths = AppPaths.resolve(work / "profile")
    controller = Controller(paths, Settings(None, env={}), KeyStore(env={}), demo=True)
    window = MainWindow(controller)
    controller.start()
    window.show()
    stalls = Stalls()

    stalls.start()
    await asyncio.sleep(1.0)
    baseline = stalls.worst

    stalls.start()
    began = time.perf_counter()
    window.add_paths([str(folder)])
    model = controller.model
    while model.rowCount() < count:  # noqa: ASYNC110 (polling is what is measured against)
        await asyncio.sleep(0.005)
    queued = time.perf_counter() - began
    queue_stall = stalls.worst
    while len(model.find(lambda r: r.state is RowState.DONE)) < count:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    uploaded = time.perf_counter() - began
    whole_stall = stalls.worst
    stalls.timer.stop()
    print(f"files dropped (one folder):      {count}")
    print(f"time until all rows were queued: {queued:.2f} s")
    print(f"time until all were uploaded:    {uploaded:.2f} s")
    print(f"longest GUI-thread gap, idle:    {baseline * 1000:.1f} ms")
    print(f"longest gap while queueing:      {queue_stall * 1000:.1f} ms "
          f"({queue_stall / baseline:.1f}x idle)")  # fmt: skip
    print(f"longest gap over the whole drop: {whole_stall * 1000:.1f} ms "
          f"({whole_stall / baseline:.1f}x idle)")  # fmt: skip
    await controller.shutdown()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as work, loop:
        loop.run_until_complete(run(args.files, Path(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
