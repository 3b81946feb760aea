"""The upload engine end to end against the local service: queue, retries, pause, cancel."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from app.core.api import FilesClient
from app.core.envelope import Presigned
from app.core.history import History
from app.core.media import Media, inspect
from app.core.uploads import (
    EngineOptions,
    Event,
    JobCancelled,
    JobDone,
    JobFailed,
    JobRetrying,
    JobStarted,
    Progress,
    QueueIdle,
    QueuePaused,
    RetryPolicy,
    State,
    UploadEngine,
)
from app.localserver import LocalServer
from tests.helpers import big_png, make_png, run

KEY = "test-key"
FAST_RETRY = RetryPolicy(max_retries=3, base=0.01, cap=0.05)


def media_files(folder: Path, count: int, size: int | None = None) -> list[Media]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        path = folder / f"img{i:04d}.png"
        if size is None:
            path.write_bytes(make_png(seed=i))
        else:
            big_png(path, size, seed=i)
        item = inspect(path)
        assert isinstance(item, Media), item
        out.append(item)
    return out


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []
        self.hooks: list[Callable[[Event], None]] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)
        for hook in self.hooks:
            hook(event)

    def of(self, kind: type) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]


async def run_engine(
    srv: LocalServer,
    media: list[Media],
    *,
    key: str = KEY,
    history: History | None = None,
    client: FilesClient | None = None,
    recorder: Recorder | None = None,
    during: Callable[[UploadEngine], object] | None = None,
    **options: object,
) -> UploadEngine:
    options.setdefault("retry", FAST_RETRY)
    client = client or FilesClient(base_url=srv.base_url, api_key=key)
    engine = UploadEngine(
        client,
        history=history,
        options=EngineOptions(**options),  # type: ignore[arg-type]
        on_event=recorder,
    )
    engine.add(media)
    if during is not None:
        result = during(engine)
        if asyncio.iscoroutine(result):
            await result
    await engine.wait_idle()
    await client.aclose()
    return engine


def served(url: str) -> bytes:
    return httpx.get(url, timeout=10).content


def test_files_upload_and_land_in_history_the_moment_they_finish(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 5, size=200_000)
    history = History(tmp_path / "h.sqlite3")
    rec = Recorder()
    in_history_at_done: list[bool] = []

    def check(event: Event) -> None:
        if isinstance(event, JobDone):
            # Another connection sees the row already: it was committed before anyone was told.
            db = sqlite3.connect(tmp_path / "h.sqlite3")
            rows = db.execute(
                "SELECT 1 FROM uploads WHERE public_url = ?", (event.public_url,)
            ).fetchall()
            in_history_at_done.append(len(rows) == 1)

    rec.hooks.append(check)
    engine = run(run_engine(local_server, media, history=history, recorder=rec))
    assert [j.state for j in engine.jobs.values()] == [State.DONE] * 5
    assert in_history_at_done == [True] * 5
    for job in engine.jobs.values():
        assert job.public_url is not None
        assert served(job.public_url) == job.media.path.read_bytes()
        assert job.record is not None and job.record.public_url == job.public_url
        assert job.record.sha256 is not None and len(job.record.sha256) == 64
    assert history.count() == 5
    assert isinstance(rec.events[-1], QueueIdle)


def test_concurrency_is_bounded_and_urls_are_asked_for_just_before_the_put(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 6)
    rec = Recorder()
    running_peak = [0]
    presigns_at_start: list[int] = []

    def watch(event: Event) -> None:
        if isinstance(event, JobStarted):
            presigns_at_start.append(len(local_server.api_requests))

    rec.hooks.append(watch)
    local_server.faults.stall(0.15, times=6)

    async def sample(engine: UploadEngine) -> None:
        while not all(j.state.finished for j in engine.jobs.values()):
            running = sum(j.state is State.UPLOADING for j in engine.jobs.values())
            running_peak[0] = max(running_peak[0], running)
            await asyncio.sleep(0.01)

    run(run_engine(local_server, media, recorder=rec, concurrency=2, during=sample))
    assert running_peak[0] == 2
    # Every job started with no more URLs asked for than jobs already started before it.
    assert presigns_at_start == sorted(presigns_at_start)
    assert all(n <= i for i, n in enumerate(presigns_at_start))
    assert len(local_server.api_requests) == 6


def test_an_expired_upload_url_is_asked_for_again(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 1)

    class SlowClient(FilesClient):
        """Lets the server's clock run past the URL's 10 minutes between presign and PUT."""

        async def presign(self, **kw: object) -> Presigned:
            got = await super().presign(**kw)  # type: ignore[arg-type]
            if len(local_server.api_requests) == 1:
                local_server.clock.advance(601)
            return got

    client = SlowClient(base_url=local_server.base_url, api_key=KEY)
    engine = run(run_engine(local_server, media, client=client))
    (job,) = engine.jobs.values()
    assert job.state is State.DONE
    assert [p.status for p in local_server.puts] == [403, 200]
    assert local_server.puts[0].error_code == "AccessDenied"
    assert len(local_server.api_requests) == 2
    assert job.public_url and served(job.public_url) == media[0].path.read_bytes()


def test_a_reset_mid_put_is_retried_to_a_byte_identical_object(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 1, size=3_000_000)
    local_server.faults.put_reset_after(500_000)
    rec = Recorder()
    engine = run(run_engine(local_server, media, recorder=rec))
    (job,) = engine.jobs.values()
    assert job.state is State.DONE
    assert [p.status for p in local_server.puts] == [None, 200]
    assert len(rec.of(JobRetrying)) == 1
    assert job.public_url and served(job.public_url) == media[0].path.read_bytes()


def test_5xx_and_429_are_retried_with_backoff_then_succeed(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 1)
    local_server.faults.api_status(503, times=1)
    local_server.faults.api_status(429, times=1, retry_after=0.05)
    local_server.faults.put_status(500, times=1)
    rec = Recorder()
    engine = run(run_engine(local_server, media, recorder=rec))
    (job,) = engine.jobs.values()
    assert job.state is State.DONE
    retries = rec.of(JobRetrying)
    assert len(retries) == 3
    assert retries[1].delay == pytest.approx(0.05)  # type: ignore[attr-defined]


def test_retries_are_bounded(local_server: LocalServer, tmp_path: Path) -> None:
    media = media_files(tmp_path / "in", 1)
    # A 500 (not a gateway's 502-504, which say the service is down and stop the whole batch:
    # tests/core/test_outage.py) is this file's own trouble: it is tried a bounded number of times.
    local_server.faults.api_status(500, times=10)
    engine = run(run_engine(local_server, media))
    (job,) = engine.jobs.values()
    assert job.state is State.FAILED
    assert job.retries == FAST_RETRY.max_retries
    assert len(local_server.api_requests) == FAST_RETRY.max_retries + 1
    assert job.error and "HTTP 500" in job.error


def test_a_400_is_never_retried_and_its_msg_is_shown(
    local_server: LocalServer, tmp_path: Path
) -> None:
    path = tmp_path / "note.png"
    path.write_bytes(make_png())
    odd = Media(
        path=path, name="note.png", size=path.stat().st_size, mime="text/plain", kind="image"
    )
    rec = Recorder()
    engine = run(run_engine(local_server, [odd], recorder=rec))
    (job,) = engine.jobs.values()
    assert job.state is State.FAILED
    assert job.error and "Only image/, video/, or audio/ content types are accepted" in job.error
    assert len(local_server.api_requests) == 1 and not rec.of(JobRetrying)


def test_a_refused_key_pauses_the_queue_until_resumed(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 4)
    rec = Recorder()
    seen: dict[str, object] = {}

    async def go() -> UploadEngine:
        client = FilesClient(base_url=local_server.base_url, api_key="wrong-key")
        engine = UploadEngine(
            client, options=EngineOptions(concurrency=2, retry=FAST_RETRY), on_event=rec
        )
        engine.add(media)
        await engine.wait_idle()
        seen["paused"] = engine.paused
        seen["states"] = [j.state for j in engine.jobs.values()]
        seen["puts"] = len(local_server.puts)
        engine.resume(KEY)
        await engine.wait_idle()
        await client.aclose()
        return engine

    engine = run(go())
    assert isinstance(seen["paused"], str) and "API key" in seen["paused"]
    assert seen["states"] == [State.QUEUED] * 4
    assert seen["puts"] == 0
    assert len(rec.of(QueuePaused)) == 1
    assert engine.paused is None
    assert all(j.state is State.DONE for j in engine.jobs.values())


def test_cancel_a_running_upload_and_a_queued_one(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 3, size=500_000)
    local_server.faults.stall(5.0, times=1)
    rec = Recorder()

    async def cancel_soon(engine: UploadEngine) -> None:
        engine.cancel(3)  # still queued: must never be presigned
        while not local_server.puts:
            await asyncio.sleep(0.01)
        engine.cancel(1)

    started = time.monotonic()
    engine = run(run_engine(local_server, media, recorder=rec, concurrency=1, during=cancel_soon))
    assert time.monotonic() - started < 4.0  # did not sit out the 5 s stall
    states = {j.id: j.state for j in engine.jobs.values()}
    assert states == {1: State.CANCELLED, 2: State.DONE, 3: State.CANCELLED}
    assert {e.job_id for e in rec.of(JobCancelled)} == {1, 3}  # type: ignore[attr-defined]
    assert len(local_server.api_requests) == 2
    assert local_server.read_object(engine.jobs[2].public_url or "") is not None


def test_cancel_all_and_retry(local_server: LocalServer, tmp_path: Path) -> None:
    media = media_files(tmp_path / "in", 3)

    async def go() -> UploadEngine:
        client = FilesClient(base_url=local_server.base_url, api_key=KEY)
        engine = UploadEngine(client, options=EngineOptions(concurrency=1, retry=FAST_RETRY))
        engine.add(media)
        assert engine.cancel_all() == 3
        await engine.wait_idle()
        assert all(j.state is State.CANCELLED for j in engine.jobs.values())
        assert engine.retry(2) and not engine.retry(2)
        await engine.wait_idle()
        await client.aclose()
        return engine

    engine = run(go())
    assert engine.jobs[2].state is State.DONE
    assert engine.jobs[1].state is State.CANCELLED


def test_a_file_changed_or_deleted_while_queued_fails_with_a_sentence(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 3)
    local_server.faults.stall(0.3, times=1)

    async def meddle(engine: UploadEngine) -> None:
        with media[1].path.open("ab") as handle:
            handle.write(b"more bytes")
        media[2].path.unlink()

    engine = run(run_engine(local_server, media, concurrency=1, during=meddle))
    jobs = engine.jobs
    assert jobs[1].state is State.DONE
    assert jobs[2].state is State.FAILED and jobs[3].state is State.FAILED
    assert "changed after it was added" in (jobs[2].error or "")
    assert "Add it again" in (jobs[2].error or "")
    assert "moved or deleted" in (jobs[3].error or "")
    assert len(local_server.api_requests) == 1


def test_direct_mode_is_used_for_small_files_only(
    local_server: LocalServer, tmp_path: Path
) -> None:
    small = media_files(tmp_path / "s", 1)
    large = media_files(tmp_path / "l", 1, size=5 * 1048576)
    engine = run(run_engine(local_server, small + large, direct=True))
    assert all(j.state is State.DONE for j in engine.jobs.values())
    assert [r.mode for r in local_server.api_requests] == ["direct", "presigned"] or [
        r.mode for r in local_server.api_requests
    ] == ["presigned", "direct"]
    assert len(local_server.puts) == 1


def test_progress_is_coalesced_however_many_uploads_run(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 50, size=512 * 1024)
    rec = Recorder()
    interval = 0.1
    client = FilesClient(base_url=local_server.base_url, api_key=KEY, chunk_size=64 * 1024)
    started = time.monotonic()
    engine = run(
        run_engine(
            local_server, media, recorder=rec, client=client, concurrency=50,
            progress_interval=interval,
        )
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert all(j.state is State.DONE for j in engine.jobs.values())
    progress = rec.of(Progress)
    # 50 files x 8 chunks is 400 byte callbacks; the events are capped by the clock instead.
    assert 1 <= len(progress) <= elapsed / interval + 2
    assert any(len(p.updates) > 1 for p in progress)  # type: ignore[attr-defined]


def test_a_thousand_small_files_through_the_queue(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 1000)
    history = History(tmp_path / "h.sqlite3")
    engine = run(run_engine(local_server, media, history=history, concurrency=8), timeout=240)
    jobs = list(engine.jobs.values())
    assert all(j.state is State.DONE for j in jobs)
    assert len({j.public_url for j in jobs}) == 1000
    assert history.count() == 1000
    for job in jobs[::97]:
        assert local_server.read_object(job.public_url or "") == job.media.path.read_bytes()


def test_a_failing_listener_does_not_stop_uploads(
    local_server: LocalServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    media = media_files(tmp_path / "in", 2)

    def broken(event: Event) -> None:
        raise RuntimeError("observer bug")

    engine = run(run_engine(local_server, media, recorder=broken))  # type: ignore[arg-type]
    assert all(j.state is State.DONE for j in engine.jobs.values())
    assert "event listener failed" in caplog.text


def test_failed_uploads_report_through_events(local_server: LocalServer, tmp_path: Path) -> None:
    media = media_files(tmp_path / "in", 1)
    local_server.storage_configured = False
    rec = Recorder()
    run(run_engine(local_server, media, recorder=rec))
    (failed,) = rec.of(JobFailed)
    assert "Storage not configured" in failed.reason  # type: ignore[attr-defined]


def test_a_misnamed_file_gets_a_url_whose_extension_matches_its_content(
    local_server: LocalServer, tmp_path: Path
) -> None:
    path = tmp_path / "holiday.mp4"
    path.write_bytes(make_png())
    item = inspect(path)
    assert isinstance(item, Media) and item.mime == "image/png"
    engine = run(run_engine(local_server, [item]))
    (job,) = engine.jobs.values()
    assert job.public_url is not None and job.public_url.endswith(".png")
    assert local_server.object_content_type(job.public_url) == "image/png"


def test_cancel_then_retry_of_a_waiting_job_uploads_it_once(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 3)
    rec = Recorder()

    async def go() -> UploadEngine:
        client = FilesClient(base_url=local_server.base_url, api_key="wrong-key")
        engine = UploadEngine(
            client, options=EngineOptions(concurrency=4, retry=FAST_RETRY), on_event=rec
        )
        engine.add(media)
        await engine.wait_idle()  # paused by the refused key, all three waiting
        assert engine.cancel(2) and engine.retry(2)
        engine.resume(KEY)
        await engine.wait_idle()
        await client.aclose()
        return engine

    engine = run(go())
    assert all(j.state is State.DONE for j in engine.jobs.values())
    assert len(rec.of(JobDone)) == 3
    assert len(local_server.puts) == 3


def test_a_retry_from_a_listener_is_waited_for_and_cancellable(
    local_server: LocalServer, tmp_path: Path
) -> None:
    media = media_files(tmp_path / "in", 2)
    local_server.faults.api_status(400, times=1)
    holder: dict[str, UploadEngine] = {}

    def retry_failed(event: Event) -> None:
        if isinstance(event, JobFailed):
            holder["engine"].retry(event.job_id)

    async def go() -> UploadEngine:
        client = FilesClient(base_url=local_server.base_url, api_key=KEY)
        engine = UploadEngine(
            client,
            options=EngineOptions(concurrency=2, retry=FAST_RETRY),
            on_event=retry_failed,
        )
        holder["engine"] = engine
        engine.add(media)
        await engine.wait_idle()
        await client.aclose()
        return engine

    engine = run(go())
    assert [j.state for j in engine.jobs.values()] == [State.DONE, State.DONE]
    assert len(local_server.puts) == 2


def test_a_timeout_is_retried(local_server: LocalServer, tmp_path: Path) -> None:
    media = media_files(tmp_path / "in", 1)
    local_server.faults.stall(2.0, times=1)
    client = FilesClient(base_url=local_server.base_url, api_key=KEY, timeout=httpx.Timeout(0.5))
    rec = Recorder()
    engine = run(run_engine(local_server, media, client=client, recorder=rec))
    (job,) = engine.jobs.values()
    assert job.state is State.DONE
    (retry,) = rec.of(JobRetrying)
    assert "timed out" in retry.reason  # type: ignore[attr-defined]
