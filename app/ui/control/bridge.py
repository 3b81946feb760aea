"""The engine's events as Qt signals: the one place the window listens to the upload engine.

The engine runs on a thread of its own (app/core/worker.py) and calls ``on_event`` there. The
events wait in a list; the GUI thread takes the whole list at most once a frame, through a queued
signal, with the progress of each row merged into its latest figure. However many uploads run,
the window sees one delivery per frame at most.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.core.events import (
    Event,
    JobCancelled,
    JobDone,
    JobFailed,
    JobRetrying,
    JobStarted,
    Progress,
    QueueIdle,
    QueuePaused,
    ServiceBack,
    ServiceDown,
)

#: One delivery per frame at most (60 Hz).
FRAME = 0.016


def merged(events: list[Event]) -> list[Event]:
    """Runs of progress events become one, each job with its latest figure (in the order the
    jobs first moved). Other events keep their order: a job's progress never passes its end."""
    out: list[Event] = []
    for event in events:
        if isinstance(event, Progress) and out and isinstance(out[-1], Progress):
            latest = {u[0]: u for u in out[-1].updates}
            latest.update((u[0], u) for u in event.updates)
            out[-1] = Progress(tuple(latest.values()))
        else:
            out.append(event)
    return out


class EngineBridge(QObject):
    job_started = Signal(int)
    progress_changed = Signal(object)  # tuple of (job id, sent, total)
    job_retrying = Signal(int, float, object, int)  # the Reason, the retry's number (1, 2, …)
    job_finished = Signal(object)  # JobDone
    job_failed = Signal(int, object)
    job_cancelled = Signal(int)
    queue_paused = Signal(object)
    queue_idle = Signal()
    service_down = Signal(object)  # the Reason
    service_back = Signal()
    _arrived = Signal()  # from the engine's thread: events wait in _waiting

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: list[Event] = []
        self._signalled = False
        self._last = 0.0
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._frame = QTimer(self)
        self._frame.setSingleShot(True)
        self._frame.timeout.connect(self._deliver)

    def on_event(self, event: Event) -> None:
        """Any thread: keep the event for the GUI thread's next frame."""
        with self._lock:
            self._waiting.append(event)
            if self._signalled:
                return
            self._signalled = True
        self._arrived.emit()

    def _on_arrived(self) -> None:
        wait = self._last + FRAME - time.monotonic()
        if wait > 0:
            if not self._frame.isActive():
                self._frame.start(max(1, round(wait * 1000)))
            return
        self._deliver()

    def flush(self) -> None:
        """Deliver what waits now (shutting down, and the tests)."""
        self._frame.stop()
        self._deliver()

    def _deliver(self) -> None:
        with self._lock:
            events, self._waiting = self._waiting, []
            self._signalled = False
        self._last = time.monotonic()
        for event in merged(events):
            self.dispatch(event)

    def dispatch(self, event: Event) -> None:
        match event:
            case JobStarted(job_id=job_id):
                self.job_started.emit(job_id)
            case Progress(updates=updates):
                self.progress_changed.emit(updates)
            case JobRetrying(job_id=job_id, delay=delay, reason=reason, retry=retry, why=why):
                self.job_retrying.emit(job_id, delay, why or reason, retry)
            case JobDone():
                self.job_finished.emit(event)
            case JobFailed(job_id=job_id, reason=reason, why=why):
                self.job_failed.emit(job_id, why or reason)
            case JobCancelled(job_id=job_id):
                self.job_cancelled.emit(job_id)
            case QueuePaused(reason=reason, why=why):
                self.queue_paused.emit(why or reason)
            case QueueIdle():
                self.queue_idle.emit()
            case ServiceDown(why=why):
                self.service_down.emit(why)
            case ServiceBack():
                self.service_back.emit()
