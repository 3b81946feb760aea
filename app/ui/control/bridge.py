"""The engine's events as Qt signals: the one place the window listens to the upload engine."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

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
)


class EngineBridge(QObject):
    job_started = Signal(int)
    progress_changed = Signal(object)  # tuple of (job id, sent, total)
    job_retrying = Signal(int, float, object, int)  # the Reason, the retry's number (1, 2, …)
    job_finished = Signal(object)  # JobDone
    job_failed = Signal(int, object)
    job_cancelled = Signal(int)
    queue_paused = Signal(object)
    queue_idle = Signal()

    def on_event(self, event: Event) -> None:
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
