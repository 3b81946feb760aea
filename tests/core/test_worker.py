"""The engine's own thread (issue 18): commands run there in the order given, answers come back
as futures, and an engine driven through its proxy uploads to the local service with every
socket, hash and history write on that thread."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from app.core.api import FilesClient
from app.core.events import Event, JobDone, QueueIdle
from app.core.history import History
from app.core.uploads import EngineOptions, State, UploadEngine
from app.core.worker import EngineProxy, EngineThread, HistoryProxy
from tests.core.test_uploads import KEY, media_files


@pytest.fixture
def thread() -> Any:
    worker = EngineThread().start()
    yield worker
    worker.stop()


def test_commands_run_on_the_thread_in_the_order_given(thread: EngineThread) -> None:
    seen: list[tuple[int, int]] = []
    for i in range(50):
        thread.post(lambda i=i: seen.append((i, threading.get_ident())))
    assert thread.call(lambda: len(seen)) == 50
    assert [i for i, _ in seen] == list(range(50))
    assert {ident for _, ident in seen} == {thread._thread.ident}
    assert thread._thread.ident != threading.get_ident()


def test_answers_errors_and_coroutines_come_back_as_futures(thread: EngineThread) -> None:
    assert thread.ask(lambda: 6 * 7).result(5) == 42
    with pytest.raises(ZeroDivisionError):
        thread.ask(lambda: 1 / 0).result(5)

    async def on_its_loop() -> bool:
        await asyncio.sleep(0.01)
        return asyncio.get_running_loop() is thread.loop

    assert thread.run(on_its_loop()).result(5) is True
    # Asked from the thread itself, a command runs at once (no waiting on itself).
    assert thread.call(lambda: thread.call(lambda: "inside")) == "inside"


def test_after_stop_commands_are_dropped_and_asks_fail(thread: EngineThread) -> None:
    thread.stop()
    assert not thread._thread.is_alive()
    thread.post(lambda: None)  # nothing to act on: no error
    with pytest.raises(RuntimeError):
        thread.ask(lambda: 1).result(1)


def test_an_engine_behind_its_proxy_uploads_on_its_own_thread(
    thread: EngineThread, local_server: Any, tmp_path: Path
) -> None:
    history = HistoryProxy(thread, thread.call(History, tmp_path / "h.sqlite3"))
    engine = thread.call(
        lambda: UploadEngine(
            FilesClient(base_url=local_server.base_url, api_key=KEY),
            history=history.target,
            options=EngineOptions(concurrency=2),
        )
    )
    proxy = EngineProxy(thread, engine)
    events: list[tuple[Event, int]] = []
    done = threading.Event()

    def listen(event: Event) -> None:
        events.append((event, threading.get_ident()))
        if isinstance(event, QueueIdle):
            done.set()

    proxy.subscribe(listen)
    jobs = proxy.add(media_files(tmp_path / "files", 4))
    assert [job.id for job in jobs] == [1, 2, 3, 4]  # numbered at once, on the caller's thread
    assert done.wait(30)
    assert all(job.state is State.DONE for job in jobs)
    assert {ident for _, ident in events} == {thread._thread.ident}
    assert sum(isinstance(e, JobDone) for e, _ in events) == 4
    assert history.count() == 4
    assert not proxy.cancel(jobs[0].id)  # finished: nothing to cancel
    assert proxy.retry(jobs[0].id) is False
    thread.run(engine.client.aclose()).result(10)
    history.close()
