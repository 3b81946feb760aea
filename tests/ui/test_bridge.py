"""The engine's news reach the window from the engine's thread at most once a frame, each row's
progress merged into its latest figure, in order with the rest (issue 18)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Any

from app.core.events import JobDone, JobStarted, Progress
from app.ui.control.bridge import EngineBridge, merged


def test_runs_of_progress_merge_and_other_news_keep_their_place() -> None:
    events = [
        JobStarted(1),
        Progress(((1, 10, 100),)),
        Progress(((2, 5, 50), (1, 20, 100))),
        JobDone(1, "https://x/1", datetime.now(UTC), None),
        Progress(((2, 30, 50),)),
    ]
    assert merged(events) == [
        JobStarted(1),
        Progress(((1, 20, 100), (2, 5, 50))),
        events[3],
        Progress(((2, 30, 50),)),
    ]


def test_news_from_another_thread_arrive_a_frame_at_a_time(qtbot: Any) -> None:
    bridge = EngineBridge()
    deliveries: list[tuple[str, object, int]] = []
    gui = threading.get_ident()
    bridge.progress_changed.connect(
        lambda u: deliveries.append(("progress", u, threading.get_ident()))
    )
    bridge.job_finished.connect(
        lambda e: deliveries.append(("done", e.job_id, threading.get_ident()))
    )

    def engine() -> None:
        for sent in range(1, 2001):
            bridge.on_event(Progress(((7, sent, 2000), (8, sent // 2, 2000))))
            if sent % 200 == 0:
                time.sleep(0.002)
        bridge.on_event(JobDone(7, "https://x/7", datetime.now(UTC), None))

    began = time.monotonic()
    worker = threading.Thread(target=engine)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: any(kind == "done" for kind, _, _ in deliveries), timeout=5000)
    took = time.monotonic() - began
    progress = [u for kind, u, _ in deliveries if kind == "progress"]
    assert {ident for _, _, ident in deliveries} == {gui}  # delivered on the GUI thread
    assert len(progress) <= 2 + took / 0.016  # at most one delivery a frame, not 2,000
    assert progress[-1] == ((7, 2000, 2000), (8, 1000, 2000))  # the latest figure of each row
    assert deliveries[-1][:2] == ("done", 7)  # after its progress
