"""A process killed mid-batch loses no finished URL and leaves a readable history."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from app.core.history import History
from app.localserver import LocalServer
from tests.helpers import make_png

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_mid_batch_keeps_every_reported_url(
    local_server: LocalServer, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(300):
        (folder / f"f{i:03d}.png").write_bytes(make_png(seed=i))
    local_server.faults.stall(0.03, times=300)  # slow enough to be killed halfway
    history_path = tmp_path / "history.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.core.crash_worker", local_server.base_url, str(folder),
         str(history_path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    reported: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("done "):
            reported.append(line.split()[1])
        if len(reported) == 40:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert len(reported) == 40

    db = sqlite3.connect(history_path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    history = History(history_path)
    rows = history.recent(limit=1000)
    urls = {r.public_url for r in rows}
    assert set(reported) <= urls
    assert len(rows) < 300  # it really was cut off mid-batch
    for row in rows:  # no row for an upload that did not complete
        assert local_server.read_object(row.public_url) is not None
    history.close()


def test_a_native_crash_right_after_a_put_keeps_its_url(
    local_server: LocalServer, tmp_path: Path
) -> None:
    """The URL is written before any observer (the window) runs: a segfault in the first one
    loses nothing (issue 8, item 15)."""
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.png").write_bytes(make_png())
    history_path = tmp_path / "history.sqlite3"
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-m", "tests.core.crash_worker",
         local_server.base_url, str(folder), str(history_path), "segv"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert done.returncode == -signal.SIGSEGV
    assert "Fatal Python error: Segmentation fault" in done.stderr  # faulthandler spoke
    (url,) = [line.split()[1] for line in done.stdout.splitlines() if line.startswith("crashing")]
    history = History(history_path)
    assert [r.public_url for r in history.recent()] == [url]
    history.close()
