"""Python's cycle collector, run on the window's thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed. With the
engine on a thread of its own, that was often the engine's thread, and a Qt object left in a cycle
(a dialog without a parent, a closure holding a widget) was then freed there: shiboken hands such
a deletion back to the GUI thread, which later found the C++ object already gone with its parent
and crashed. So automatic collection is off while the engine's thread runs, and the GUI thread
collects on a timer, by the same thresholds the automatic collector uses.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts (ms).
TICK_MS = 200

_holders = 0


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._active = False

    def start(self) -> None:
        global _holders
        if self._active:
            return
        self._active = True
        _holders += 1
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Back to automatic collection (the last holder), after one collection here."""
        global _holders
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        _holders -= 1
        gc.collect()
        if _holders == 0:
            gc.enable()

    @staticmethod
    def tick() -> int:
        """Collect the generation the automatic collector would have; the generation, or -1."""
        t0, t1, t2 = gc.get_threshold()
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return -1
        generation = 2 if c2 >= t2 and c1 >= t1 else 1 if c1 >= t1 else 0
        gc.collect(generation)
        return generation
