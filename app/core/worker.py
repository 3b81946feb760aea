"""The upload engine's own thread: an asyncio loop that owns the engine, the HTTP client, the
hashing and the history's connection, so that the window's thread only paints.

Commands go in through :class:`EngineThread` (``post`` for a command, ``ask`` for an answer that
arrives as a ``concurrent.futures.Future``, ``run`` for a coroutine); each runs on the engine's
thread in the order it was given. The engine's events go out through its listeners, which are
called on the engine's thread (the window's Qt adapter queues them for the GUI thread).

:class:`EngineProxy` and :class:`HistoryProxy` give the window the engine's and the history's
methods under their usual names. A command returns at once; the answers the window needs at once
(a new job's id, whether a cancel applies) come from the jobs the proxy made, whose state the
engine sets (attribute writes are atomic under the GIL; the window only reads them).

Nothing here knows Qt: the CLI and the tests can drive an engine on its own thread just as well.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .history import History
    from .media import Media
    from .uploads import EngineOptions, Job, UploadEngine

log = logging.getLogger("apimodels.worker")

T = TypeVar("T")

#: How long a blocking ``call`` waits for the engine's thread (start-up, shutdown, tests).
CALL_WAIT = 60.0


class EngineThread:
    """A daemon thread running one asyncio loop, and the ways in."""

    def __init__(self, name: str = "upload engine") -> None:
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)
        self._stopped = False

    def start(self) -> EngineThread:
        self._thread.start()
        self._ready.wait()
        return self

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        assert self._loop is not None, "start() first"
        return self._loop

    @property
    def running(self) -> bool:
        return self._loop is not None and not self._stopped

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                tasks = asyncio.all_tasks(loop)
                for task in tasks:
                    task.cancel()
                if tasks:
                    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                loop.close()

    def in_thread(self) -> bool:
        return threading.get_ident() == self._thread.ident

    def ask(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` on the engine's thread, after every command given before it."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)

        if self.in_thread():
            run()
        elif self._stopped:
            future.set_exception(RuntimeError("the upload engine's thread has stopped"))
        else:
            self.loop.call_soon_threadsafe(run)
        return future

    def post(self, fn: Callable[..., object], *args: Any) -> None:
        """A command whose answer nobody waits for: what it raises goes to the log."""
        if self._stopped:  # after shutdown: nothing is left to act on
            log.debug("a command came after the upload engine's thread stopped")
            return
        future = self.ask(fn, *args)
        future.add_done_callback(_log_failure)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` there and wait for its answer (start-up, shutdown and tests only)."""
        return self.ask(fn, *args).result(CALL_WAIT)

    def run(self, coro: Coroutine[Any, Any, T]) -> Future[T]:
        """Run a coroutine on the engine's loop."""
        if self._stopped:
            coro.close()
            failed: Future[T] = Future()
            failed.set_exception(RuntimeError("the upload engine's thread has stopped"))
            return failed
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop (after the commands already given) and wait for the thread."""
        if self._loop is None or self._stopped:
            return
        self._stopped = True
        self._loop.call_soon_threadsafe(self._loop.stop)
        if not self.in_thread():
            self._thread.join(timeout)


def _log_failure(future: Future[Any]) -> None:
    if not future.cancelled() and (exc := future.exception()) is not None:
        log.error("a command on the upload engine's thread failed", exc_info=exc)


class EngineProxy:
    """The :class:`UploadEngine`'s commands for another thread, under the engine's own names."""

    def __init__(self, thread: EngineThread, engine: UploadEngine) -> None:
        self.thread = thread
        self.target = engine
        self.jobs: dict[int, Job] = {}  # every job made here, by id; the engine runs the same
        self._ids = itertools.count(1)
        self._concurrency = engine.options.concurrency

    @property
    def options(self) -> EngineOptions:
        return self.target.options

    @property
    def paused(self) -> str | None:
        return self.target.paused

    @property
    def client(self) -> Any:
        return self.target.client

    @property
    def concurrency(self) -> int:
        return self._concurrency

    @concurrency.setter
    def concurrency(self, value: int) -> None:
        self._concurrency = max(1, value)

        def apply(engine: UploadEngine, value: int) -> None:
            engine.concurrency = value

        self.thread.post(apply, self.target, value)

    @property
    def history(self) -> History | None:
        return self.target.history

    @history.setter
    def history(self, history: History | None) -> None:
        self.thread.post(setattr, self.target, "history", history)

    def subscribe(self, listener: Callable[[Any], None]) -> None:
        self.thread.post(self.target.subscribe, listener)

    def add(self, media: Iterable[Media]) -> list[Job]:
        from .uploads import Job

        jobs = [Job(next(self._ids), item) for item in media]
        for job in jobs:
            self.jobs[job.id] = job
        if jobs:
            self.thread.post(self.target.add_jobs, jobs)
        return jobs

    def cancel(self, job_id: int) -> bool:
        job = self.jobs.get(job_id)
        if job is None or job.state.finished:
            return False
        self.thread.post(self.target.cancel, job_id)
        return True

    def cancel_all(self) -> int:
        count = sum(not job.state.finished for job in list(self.jobs.values()))
        self.thread.post(self.target.cancel_all)
        return count

    def retry(self, job_id: int) -> bool:
        from .uploads import State

        job = self.jobs.get(job_id)
        if job is None or job.state not in (State.FAILED, State.CANCELLED):
            return False
        self.thread.post(self.target.retry, job_id)
        return True

    def resume(self, api_key: str | None = None) -> None:
        if api_key is not None:  # at once: the window reads has_key right after
            self.target.client.set_api_key(api_key)
        self.thread.post(self.target.resume, api_key)

    def aclose(self) -> Future[None]:
        return self.thread.run(self.target.aclose())


class HistoryProxy:
    """The :class:`History` opened on the engine's thread (SQLite keeps a connection to the thread
    that made it). ``post`` and ``ask`` hand it a function; ``count`` and ``close`` wait for their
    answer (shutdown, and the tests)."""

    def __init__(self, thread: EngineThread, history: History) -> None:
        self.thread = thread
        self.target = history
        self.path: Path = history.path

    def post(self, fn: Callable[[History], object]) -> None:
        self.thread.post(fn, self.target)

    def ask(self, fn: Callable[[History], T]) -> Future[T]:
        return self.thread.ask(fn, self.target)

    def count(self) -> int:
        return self.thread.call(self.target.count)

    def close(self) -> None:
        self.thread.call(self.target.close)

    def checkpoint(self) -> None:
        self.target.checkpoint()  # a connection of its own: any thread
