"""The watched folder under a burst (issue 17): 1,000 small images written at once elsewhere.

Run: python benchmarks/watched_folder.py [--files 1000] [--no-upload] [--drop]
(--no-upload: no key, so the queue waits and only the watch and the queueing are measured)

Prints one JSON object:
- queued_after_s: from the moment the last file was complete (closed by the writer) until every
  file had its row in the list (target: <= 2 s);
- worst_ms / p99_ms: the longest gap (and the 99th percentile) between ticks of a 5 ms timer on
  the GUI thread from the first write until all were queued (target: worst <= 50 ms);
- gui_cpu_ms: CPU time the GUI thread spent meanwhile, less what it spends idle in as long
  (what a loaded machine changes least);
  ``--drop`` measures the same for the files written elsewhere and dropped as one folder;
- idle_worst_ms / idle_p99_ms: the same window idle for 2 s just before (the machine's floor);
- upload_worst_ms: the same while the 1,000 uploads then ran against the local service (in a
  process of its own), unless --no-upload;
- jobs, uploaded, sent_twice: upload jobs made, uploads finished, paths sent more than once
  (target: 0).
The window is a real one on the offscreen platform, with the app's default watch timings
(settle 1 s, rescan 2 s).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WRITER = """
import sys, time
sys.path.insert(0, {root!r})
from tests.helpers import make_png
folder, count = sys.argv[1], int(sys.argv[2])
blobs = [make_png(8, 8, seed=i) for i in range(count)]
sys.stdout.write("go\\n"); sys.stdout.flush(); sys.stdin.readline()
for i, blob in enumerate(blobs):
    with open(f"{{folder}}/gen{{i:05}}.png", "wb") as out:
        out.write(blob)
print(time.time(), flush=True)
"""


def start_server(work: Path) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "app.localserver", "--api-key", "bench-key",
         "--data-dir", str(work / "server")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"(http://127\.0\.0\.1:\d+)", line)
    if not found:
        server.kill()
        raise SystemExit(f"the local service did not start: {line!r}")
    return server, found.group(1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--no-upload", action="store_true")
    parser.add_argument(
        "--drop", action="store_true", help="for comparison: the files dropped as one folder"
    )
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "generated"
        folder.mkdir()
        server, base_url = (None, "http://127.0.0.1:9") if args.no_upload else start_server(work)
        try:
            result = run(
                app, work, folder, base_url, args.files, upload=not args.no_upload, drop=args.drop
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(10)
    print(json.dumps(result), flush=True)
    os._exit(0)


def run(
    app: Any, work: Path, folder: Path, base_url: str, count: int, *, upload: bool, drop: bool
) -> Any:
    from window_figures import Gaps, _on_qt_loop, make_window

    target = folder
    if drop:  # the comparison: the same files written elsewhere, then dropped as one folder
        target = work / "elsewhere"
        target.mkdir()
    controller, window = make_window(
        work, base_url, watch_enabled=True, watch_folder=str(folder), concurrency=4
    )
    if not upload:
        # No key: the first upload meets the refusal and the queue waits, so the figures are
        # the watch and the queueing alone, not a thousand uploads failing meanwhile.
        controller.client.set_api_key("")
    controller.start()
    controller.warm_up()
    gaps = Gaps()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(root=str(ROOT)), str(target), str(count)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None

    async def go() -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(1.0)  # the watch is up
        ready = await loop.run_in_executor(None, writer.stdout.readline)  # type: ignore[union-attr]
        assert ready.strip() == "go"
        # The same window idle for as long, first: on a shared machine the floor is not zero.
        gaps.start()
        idle_cpu = time.thread_time()
        await asyncio.sleep(2.0)
        idle_cpu = (time.thread_time() - idle_cpu) / 2.0
        gaps.stop()
        idle = (round(gaps.worst_ms, 1), round(gaps.p99_ms, 1))
        gaps.start()
        began = time.perf_counter()
        cpu = time.thread_time()
        writer.stdin.write("\n")  # type: ignore[union-attr]
        writer.stdin.flush()  # type: ignore[union-attr]
        last_complete = float(await loop.run_in_executor(None, writer.stdout.readline))  # type: ignore[union-attr]
        if drop:
            window.add_paths([str(target)])
        while controller.model.rowCount() < count:  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        queued_after = time.time() - last_complete
        gaps.stop()
        cpu = time.thread_time() - cpu
        # What the same stretch of time costs the GUI thread with nothing happening (its timer
        # ticks and the loop), taken off: what is left is the work of the burst.
        cpu -= idle_cpu * (time.perf_counter() - began)
        figures: dict[str, Any] = {
            "files": count,
            "how": "dropped" if drop else "watched",
            "gui_cpu_ms": round(cpu * 1000, 1),
            "queued_after_s": round(queued_after, 3),
            "worst_ms": round(gaps.worst_ms, 1),
            "p99_ms": round(gaps.p99_ms, 1),
            "idle_worst_ms": idle[0],
            "idle_p99_ms": idle[1],
        }
        if upload:
            gaps.start()
            began = time.perf_counter()
            while controller.active_count():  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            gaps.stop()
            figures["upload_s"] = round(time.perf_counter() - began, 1)
            figures["upload_worst_ms"] = round(gaps.worst_ms, 1)
            figures["upload_p99_ms"] = round(gaps.p99_ms, 1)
        await asyncio.sleep(2.5)  # a rescan or two after the burst: nothing may come again
        jobs = list(controller.engine.jobs.values())
        per_path = Counter(str(job.media.path) for job in jobs)
        figures["jobs"] = len(jobs)
        figures["uploaded"] = sum(job.state.value == "done" for job in jobs)
        figures["sent_twice"] = sum(n > 1 for n in per_path.values())
        figures["rows"] = controller.model.rowCount()
        return figures

    try:
        return _on_qt_loop(app, go(), controller)
    finally:
        writer.wait(10)


if __name__ == "__main__":
    sys.exit(main())
