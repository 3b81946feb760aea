"""What the upload engine tells its observers: one small frozen dataclass per kind of news.

The CLI prints them; the window's thin Qt adapter turns them into signals. ``reason`` is the
English sentence (the CLI's and the log's); ``why`` is the same as data for the window to translate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .history import Record
from .reasons import Reason


@dataclass(frozen=True)
class JobStarted:
    job_id: int


@dataclass(frozen=True)
class Progress:
    #: (job id, bytes sent, bytes in all) for every job that moved since the last event.
    updates: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class JobRetrying:
    job_id: int
    delay: float
    reason: str
    retry: int
    why: Reason | None = None


@dataclass(frozen=True)
class JobDone:
    job_id: int
    public_url: str
    expires_at: datetime
    #: None only if the history could not be written; the URL is in the event all the same.
    record: Record | None
    history_problem: str | None = None
    history_why: Reason | None = None


@dataclass(frozen=True)
class JobFailed:
    job_id: int
    reason: str
    why: Reason | None = None


@dataclass(frozen=True)
class JobCancelled:
    job_id: int


@dataclass(frozen=True)
class QueuePaused:
    """The key was refused: nothing new starts until :meth:`UploadEngine.resume`."""

    reason: str
    why: Reason | None = None


@dataclass(frozen=True)
class QueueIdle:
    """Nothing is running and nothing more can start (the queue is empty or paused)."""


@dataclass(frozen=True)
class ServiceDown:
    """The service is plainly down or asks to wait long: the batch stopped (said once)."""

    reason: str
    why: Reason
    #: Seconds until it is worth asking again (the window then asks by itself).
    retry_in: float


@dataclass(frozen=True)
class ServiceBack:
    """The service answered again after a ServiceDown: the files waiting go on."""


Event = (
    JobStarted
    | Progress
    | JobRetrying
    | JobDone
    | JobFailed
    | JobCancelled
    | QueuePaused
    | QueueIdle
    | ServiceDown
    | ServiceBack
)
