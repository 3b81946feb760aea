"""The window's history never folds its write-ahead log in on the thread that writes.

SQLite does that fold (a checkpoint, with an fsync) inside whichever write crosses 1000 pages of
log: in the window, a write on the GUI thread in the middle of uploads, 100 ms or more on a busy
disk. The window's history leaves it to ``checkpoint()``, which runs on a connection of its own
in a worker thread.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from app.core.history import History

ROWS, PAD = 1500, 3000  # about 4.5 MB of log: past the 1000 pages (4 MB) of the automatic fold


def fill(history: History) -> None:
    for i in range(ROWS):
        history.add(
            name=f"f{i}.png",
            size=i,
            mime="image/png",
            public_url=f"https://x.example/{i}",
            uploaded_at=datetime.now(UTC),
            source_path="/p/" + "x" * PAD,
        )


def wal_size(path: Path) -> int:
    return (path.parent / (path.name + "-wal")).stat().st_size


def test_the_window_s_history_does_not_fold_its_log_on_the_writing_thread(tmp_path: Path) -> None:
    manual = History(tmp_path / "window.sqlite3", manual_checkpoints=True)
    fill(manual)
    assert wal_size(manual.path) > 4_400_000  # every write appended: no fold happened inside one
    automatic = History(tmp_path / "cli.sqlite3")
    fill(automatic)
    assert wal_size(automatic.path) < 4_400_000  # the CLI keeps SQLite's own folding


def test_checkpoint_folds_the_whole_log_from_another_thread(tmp_path: Path) -> None:
    history = History(tmp_path / "window.sqlite3", manual_checkpoints=True)
    fill(history)
    assert history.path.stat().st_size < 100_000  # everything is still in the log
    worker = threading.Thread(target=history.checkpoint)
    worker.start()
    worker.join()
    assert history.path.stat().st_size > 4_000_000  # folded into the database file
    assert history.count() == ROWS
