"""The upload engine: a queue of files, a few at a time, each presigned just before its PUT.

Everything runs on one asyncio loop (in the window, the loop of the engine's own thread,
app/core/worker.py; in the CLI, asyncio's), which the engine never blocks. What happens is told
through one stream of events (``on_event``), which the CLI prints and the window turns into Qt
signals. Progress is coalesced: however many uploads run, at most one :class:`Progress` event
per ``progress_interval``.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import random
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from .body import open_checked, reread
from .breaker import Breaker, Outage, until_back
from .envelope import Presigned
from .errors import AuthError, FileRewritten, ServerError, UploadError, UploadUrlExpired
from .events import (
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
from .history import PUBLIC_LIFETIME, History, Record
from .media import Media, MiB, wire_name
from .media.record import history_fields
from .reasons import Reason

if TYPE_CHECKING:  # httpx is imported only when a client is made, after the window's first paint
    from .api import FilesClient

__all__ = [
    "EngineOptions",
    "Event",
    "Job",
    "JobCancelled",
    "JobDone",
    "JobFailed",
    "JobRetrying",
    "JobStarted",
    "Progress",
    "QueueIdle",
    "QueuePaused",
    "RetryPolicy",
    "ServiceBack",
    "ServiceDown",
    "State",
    "UploadEngine",
]

log = logging.getLogger("apimodels.uploads")

#: Direct mode passes the API host's request-size limit (about 4.5 MB on common hosts).
DIRECT_MAX = 4 * MiB
#: Presign again rather than start a PUT on an upload URL this close to its deadline.
URL_MARGIN = timedelta(seconds=30)
MAX_REPRESIGNS = 3
#: Sends of a file that changed while it was being sent, before giving up on it: an editor
#: saving or a camera finishing its file settles within one or two.
MAX_REREADS = 3


class State(Enum):
    QUEUED = "queued"
    UPLOADING = "uploading"
    RETRYING = "retrying"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (State.DONE, State.FAILED, State.CANCELLED)


@dataclass
class Job:
    id: int
    media: Media
    state: State = State.QUEUED
    sent: int = 0
    retries: int = 0
    error: str | None = None
    public_url: str | None = None
    uploaded_at: datetime | None = None
    expires_at: datetime | None = None
    record: Record | None = None
    sha256: str | None = None

    @property
    def total(self) -> int:
        return self.media.size


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, bounded; a server's Retry-After is honoured up to cap."""

    max_retries: int = 4
    base: float = 1.0
    cap: float = 30.0

    def delay(self, retry: int, hint: float | None = None) -> float:
        if hint is not None:
            return min(max(hint, 0.0), self.cap)
        ceiling = min(self.cap, self.base * 2 ** (retry - 1))
        # Half fixed, half random: spreads a burst of retries without ever retrying at once.
        return float(ceiling / 2 + random.uniform(0, ceiling / 2))


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class EngineOptions:
    concurrency: int = 3
    direct: bool = False  # send files of at most DIRECT_MAX through the API host
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    progress_interval: float = 0.2
    hash_files: bool = True
    #: After the service was found down, ask it again by itself and go on when it answers (the
    #: window). Off, the files waiting fail with the outage's sentence (the command line).
    probe_outage: bool = False
    #: The first wait before asking again, when the service gave no time (tests shorten it).
    probe_first: float | None = None


class UploadEngine:
    def __init__(
        self,
        client: FilesClient,
        *,
        history: History | None = None,
        options: EngineOptions | None = None,
        on_event: Callable[[Event], None] | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.client = client
        self.history = history
        self.options = options or EngineOptions()
        self._listeners: list[Callable[[Event], None]] = [on_event] if on_event else []
        self.clock = clock
        self.jobs: dict[int, Job] = {}
        self._next_id = 1
        self._queue: deque[Job] = deque()
        self._running: dict[int, asyncio.Task[None]] = {}
        self._paused: str | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self._dirty: set[int] = set()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._last_flush = 0.0
        self._breaker = Breaker(longest_wait=self.options.retry.cap)
        self._outage: Outage | None = None
        self._probe: asyncio.Task[None] | None = None
        #: Jobs stopped in their back-off by an outage: back to the queue, not cancelled.
        self._halted: set[int] = set()

    # Observers ----------------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        self._listeners.append(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken observer must not stop uploads
                log.exception("event listener failed on %s", type(event).__name__)

    # Commands -----------------------------------------------------------------------------------

    @property
    def paused(self) -> str | None:
        return self._paused

    @property
    def outage(self) -> Reason | None:
        """Why the batch stopped for a service that is down, while it is."""
        return None if self._outage is None else self._outage.why

    @property
    def concurrency(self) -> int:
        return self.options.concurrency

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self.options.concurrency = max(1, value)
        self._pump()

    def add(self, media: Iterable[Media]) -> list[Job]:
        jobs = []
        for item in media:
            jobs.append(Job(self._next_id, item))
            self._next_id += 1
        self.add_jobs(jobs)
        return jobs

    def add_jobs(self, jobs: list[Job]) -> None:
        """Queue jobs made elsewhere (the window's proxy numbers them on its own thread)."""
        for job in jobs:
            self.jobs[job.id] = job
            self._queue.append(job)
            self._next_id = max(self._next_id, job.id + 1)
        if jobs:
            self._idle.clear()
            self._pump()

    def cancel(self, job_id: int) -> bool:
        job = self.jobs.get(job_id)
        if job is None or job.state.finished:
            return False
        task = self._running.get(job_id)
        if task is not None:
            task.cancel()  # _run marks it cancelled and tells
        else:
            self._set_cancelled(job)
            self._check_idle()
        return True

    def cancel_all(self) -> int:
        return sum(self.cancel(job_id) for job_id in list(self.jobs))

    def retry(self, job_id: int) -> bool:
        """Queue a failed or cancelled job again."""
        job = self.jobs.get(job_id)
        if job is None or job.state not in (State.FAILED, State.CANCELLED):
            return False
        job.state, job.error, job.sent, job.retries = State.QUEUED, None, 0, 0
        if not any(queued is job for queued in self._queue):  # cancelled while still queued
            self._queue.append(job)
        self._idle.clear()
        self._pump()
        return True

    def resume(self, api_key: str | None = None) -> None:
        """Go on after a refused key, with a new one if given."""
        if api_key is not None:
            self.client.set_api_key(api_key)
        self._paused = None
        if self._queue:
            self._idle.clear()
        self._pump()

    def abandon_queued(self, reason: str | Reason) -> None:
        """Fail every job still waiting: the CLI's answer to a refused key or a service that is
        down (nobody to ask, nobody to wait for)."""
        why = reason if isinstance(reason, Reason) else Reason.text(reason)
        while self._queue:
            job = self._queue.popleft()
            if job.state is State.QUEUED:
                self._fail(job, why)
        self._check_idle()

    async def wait_idle(self) -> None:
        await self._idle.wait()

    async def aclose(self) -> None:
        """Cancel everything and wait until every task has finished its cleanup."""
        self.cancel_all()
        if self._probe is not None:
            self._probe.cancel()
        if self._running:
            await asyncio.gather(*self._running.values(), return_exceptions=True)
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    # Scheduling ---------------------------------------------------------------------------------

    @staticmethod
    def _loop() -> asyncio.AbstractEventLoop:
        # Commands may come from a callback that runs between loop iterations, or from a test
        # driving the engine; the loop set for this thread is the one to use then.
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.get_event_loop_policy().get_event_loop()

    def _pump(self) -> None:
        while (
            self._paused is None
            and self._outage is None
            and self._queue
            and len(self._running) < self.concurrency
        ):
            job = self._queue.popleft()
            if job.state is not State.QUEUED or job.id in self._running:
                continue  # cancelled while waiting, or already on its way
            task = self._loop().create_task(self._run(job))
            self._running[job.id] = task
            task.add_done_callback(functools.partial(self._on_task_done, job))
        self._check_idle()

    def _on_task_done(self, job: Job, task: asyncio.Task[None]) -> None:
        if self._running.get(job.id) is not task:
            return  # the job was queued again and a newer task runs it now
        del self._running[job.id]
        if task.cancelled() and not job.state.finished:
            self._set_cancelled(job)  # cancelled before its first step ran
        self._pump()

    def _check_idle(self) -> None:
        # While the service is down, the window's files wait for it (it is asked again by
        # itself); the command line's are failed by abandon_queued and the run ends.
        waiting = (
            self._paused is None
            and (self._outage is None or self.options.probe_outage)
            and any(j.state is State.QUEUED for j in self._queue)
        )
        if not self._running and not waiting and not self._idle.is_set():
            self._flush()
            self._idle.set()
            self._emit(QueueIdle())

    # One upload ---------------------------------------------------------------------------------

    async def _run(self, job: Job) -> None:
        try:
            await self._attempts(job)
        except asyncio.CancelledError:
            if job.id in self._halted:
                self._halted.discard(job.id)  # queued again by _trip already
            else:
                self._set_cancelled(job)
        except Exception as exc:  # never let one file take the engine down
            log.exception("unexpected failure uploading job %s", job.id)
            why = Reason.of("unexpected", name=job.media.name, detail=type(exc).__name__)
            self._fail(job, why)

    async def _attempts(self, job: Job) -> None:
        media = job.media
        presigned: Presigned | None = None
        represigns = rereads = 0
        direct = self.options.direct and media.size <= DIRECT_MAX
        job.state = State.UPLOADING
        self._emit(JobStarted(job.id))
        while True:
            hasher = hashlib.sha256() if self.options.hash_files else None
            try:
                # Opened once, and refused if it is not the file that was checked when added.
                # On the loop, not in a thread: an fstat and one 16 KiB read, and uploads then
                # reach the storage in the order they were queued.
                with open_checked(media) as source:
                    job.sent = 0
                    if direct:
                        url = await self.client.upload_direct(
                            media.path,
                            filename=wire_name(media),
                            content_type=media.mime,
                            size=media.size,
                            on_progress=lambda n: self._on_bytes(job, n),
                            hasher=hasher,
                            source=source,
                        )
                    else:
                        if presigned is None or presigned.expires_at - self.clock() < URL_MARGIN:
                            # Asked for only now, just before the PUT: the URL lives 10 minutes.
                            presigned = await self.client.presign(
                                filename=wire_name(media),
                                content_type=media.mime,
                                file_size=media.size,
                            )
                        await self.client.put(
                            presigned.upload_url,
                            media.path,
                            content_type=media.mime,
                            size=media.size,
                            on_progress=lambda n: self._on_bytes(job, n),
                            hasher=hasher,
                            source=source,
                        )
                        url = presigned.public_url
            except UploadUrlExpired as exc:
                presigned = None
                represigns += 1
                if represigns > MAX_REPRESIGNS:
                    self._fail(job, Reason.of("named", name=media.name, inner=exc.reason))
                    return
                log.info("upload URL of job %s expired; asking for a new one", job.id)
                continue
            except FileRewritten as exc:
                # Nothing of the torn send was kept (its end was withheld). The same upload URL
                # is used again: the object it names gets a whole version of the file.
                rereads += 1
                fresh = reread(media, rereads, MAX_REREADS)
                if isinstance(fresh, Reason):
                    self._fail(job, fresh)
                    return
                if fresh.size != media.size:
                    presigned = None  # the upload URL was asked for with the old size
                job.media = media = fresh
                delay = self.options.retry.delay(rereads)
                job.state = State.RETRYING
                self._emit(JobRetrying(job.id, delay, str(exc), job.retries, exc.reason))
                await asyncio.sleep(delay)
                job.state = State.UPLOADING
                self._emit(JobStarted(job.id))
                continue
            except AuthError as exc:
                # Back to the front of the queue: it goes again once there is a good key.
                job.state, job.sent = State.QUEUED, 0
                self._queue.appendleft(job)
                if self._paused is None:
                    self._paused = str(exc)
                    self._emit(QueuePaused(str(exc), exc.reason))
                return
            except UploadError as exc:
                if not exc.retryable:
                    self._breaker.answered()
                    self._fail(job, Reason.of("named", name=media.name, inner=exc.reason))
                    return
                outage = self._breaker.failed(exc, self.clock())
                if outage is not None or self._outage is not None:
                    # The service is down: this file waits with the others (no try of its own).
                    self._requeue(job)
                    if outage is not None and self._outage is None:
                        self._trip(outage)
                    return
                if job.retries >= self.options.retry.max_retries:
                    # Say that it was tried, so "timed out" does not read like a single hiccup;
                    # and not "will try again" on the last try.
                    inner = Reason.of("busy_gave_up") if exc.reason.code == "busy" else exc.reason
                    why = Reason.of(
                        "named_tried", name=media.name, inner=inner, tries=job.retries + 1
                    )
                    self._fail(job, why)
                    return
                job.retries += 1
                hint = exc.retry_after if isinstance(exc, ServerError) else None
                delay = self.options.retry.delay(job.retries, hint)
                job.state = State.RETRYING
                log.info(
                    "job %s retry %s in %.1f s: %s", job.id, job.retries, delay, exc.reason.code
                )
                self._emit(JobRetrying(job.id, delay, str(exc), job.retries, exc.reason))
                await asyncio.sleep(delay)
                job.state = State.UPLOADING
                self._emit(JobStarted(job.id))
                continue
            self._breaker.answered()
            job.sha256 = hasher.hexdigest() if hasher is not None else None
            self._finish(job, url)
            return

    # A service that is down ---------------------------------------------------------------------

    def _requeue(self, job: Job) -> None:
        job.state, job.sent = State.QUEUED, 0
        if not any(queued is job for queued in self._queue):
            self._queue.appendleft(job)

    def _trip(self, outage: Outage) -> None:
        """Stop the batch: nothing new starts, files in their back-off go back to the queue."""
        self._outage = outage
        log.warning("the service is down (%s); the batch stops", outage.why.code)
        for job_id, task in list(self._running.items()):
            job = self.jobs[job_id]
            if job.state is State.RETRYING:
                # Queued now, before the news goes out, so that whoever hears it sees them waiting.
                self._halted.add(job_id)
                self._requeue(job)
                task.cancel()
        self._emit(ServiceDown(str(outage.why), outage.why, outage.wait))
        if self.options.probe_outage and self._probe is None:
            self._probe = self._loop().create_task(self._ask_again(outage.wait))

    async def _ask_again(self, wait: float) -> None:
        """Ask the service, from time to time, whether it is back; go on when it answers."""
        if self.options.probe_first is not None:
            wait = self.options.probe_first
        try:
            await until_back(self.client, wait, self.options.retry.cap, self.clock)
        finally:
            self._probe = None
        self._outage = None
        self._breaker.answered()
        self._emit(ServiceBack())
        if self._queue:
            self._idle.clear()
        self._pump()

    def _finish(self, job: Job, url: str) -> None:
        now = self.clock()
        job.state, job.public_url, job.uploaded_at = State.DONE, url, now
        job.expires_at = now + PUBLIC_LIFETIME
        job.sent = job.total
        problem: Reason | None = None
        if self.history is not None:
            try:
                job.record = self.history.add(
                    name=job.media.name,
                    public_url=url,
                    uploaded_at=now,
                    **history_fields(job.media, job.sha256),
                )
            except Exception as exc:  # disk full, locked file: the URL still reaches the person
                log.exception("could not write history for job %s", job.id)
                problem = Reason.of("history_not_saved", detail=str(exc))
        text = None if problem is None else str(problem)
        self._emit(JobDone(job.id, url, job.expires_at, job.record, text, problem))

    def _fail(self, job: Job, why: Reason) -> None:
        log.info(
            "job %s failed: %s", job.id, why.code
        )  # the log keeps the code (file names stay out)
        job.state, job.error = State.FAILED, str(why)
        self._emit(JobFailed(job.id, str(why), why))

    def _set_cancelled(self, job: Job) -> None:
        job.state = State.CANCELLED
        self._emit(JobCancelled(job.id))

    # Progress -----------------------------------------------------------------------------------

    def _on_bytes(self, job: Job, sent: int) -> None:
        job.sent = sent
        self._dirty.add(job.id)
        if self._flush_handle is None:
            loop = self._loop()
            wait = max(0.0, self._last_flush + self.options.progress_interval - loop.time())
            self._flush_handle = loop.call_later(wait, self._flush)

    def _flush(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        self._last_flush = self._loop().time()
        updates = tuple(
            (jid, self.jobs[jid].sent, self.jobs[jid].total)
            for jid in sorted(self._dirty)
            if self.jobs[jid].state is State.UPLOADING
        )
        self._dirty.clear()
        if updates:
            self._emit(Progress(updates))


def summarize(jobs: Iterable[Job]) -> dict[str, Any]:
    """Counts per state and bytes done, for a status bar or the CLI's last line."""
    counts = {state.value: 0 for state in State}
    sent = total = 0
    for job in jobs:
        counts[job.state.value] += 1
        sent += job.sent
        total += job.total
    return {"counts": counts, "sent": sent, "total": total}
