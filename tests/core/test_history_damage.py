"""A damaged, full, read-only or locked history never stops the app nor floods it (issue 8,
items 1 and 2). Damage is made by overwriting real pages of a real file."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.history import History, HistoryDamaged, open_history

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def filled(path: Path, rows: int = 400) -> Path:
    history = History(path)
    for i in range(rows):
        history.add(
            name=f"file-{i:04d}-{'x' * 80}.png", size=i, mime="image/png",
            public_url=f"https://cdn.example/{i}.png", uploaded_at=NOW, source_path=f"/p/{i}",
        )  # fmt: skip
    history.close()
    return path


def damage_pages(path: Path) -> bytes:
    """Garbage over pages 3 to 6; the header (page 1) stays valid, so the file still opens."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 8 * page
    data[2 * page : 6 * page] = bytes((i * 37) % 251 for i in range(4 * page))
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_pages_are_found_at_start_kept_aside_and_a_new_history_begins(
    tmp_path: Path,
) -> None:
    path = filled(tmp_path / "history.sqlite3")
    damaged = damage_pages(path)
    with pytest.raises(HistoryDamaged):  # what used to stop the window at start-up
        History(path).recent()
    history, problem = open_history(path)
    assert history is not None and problem is not None
    assert "damaged" in problem and "new one was started" in problem
    kept = [
        p
        for p in tmp_path.iterdir()
        if ".damaged-" in p.name and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged  # kept as it was, never deleted
    assert str(kept[0]) in problem
    assert history.recent() == [] and history.count() == 0
    history.add(name="a.png", size=1, mime="image/png", public_url="https://x.test/a.png",
                uploaded_at=NOW)  # fmt: skip
    assert history.count() == 1
    history.close()


def test_a_row_with_an_impossible_date_is_skipped_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = filled(tmp_path / "history.sqlite3", rows=3)
    db = sqlite3.connect(path)
    db.execute("UPDATE uploads SET uploaded_at = 9000000000000000, expires_at = 9000000000000001 "
               "WHERE size = 1")  # fmt: skip
    db.execute("INSERT INTO pending (source_path, name, size, mime, queued_at) "
               "VALUES ('/p/x', 'x.png', 1, 'image/png', -99999999999999999)")  # fmt: skip
    db.commit()
    db.close()
    history, problem = open_history(path)
    assert history is not None and problem is None
    logging.getLogger("apimodels").propagate = True  # so that caplog sees it
    try:
        with caplog.at_level(logging.WARNING, logger="apimodels.history"):
            sizes = sorted(r.size for r in history.recent())
            assert history.pending() == []
    finally:
        logging.getLogger("apimodels").propagate = False
    assert sizes == [0, 2]
    assert any("skipped an unreadable history row" in r.getMessage() for r in caplog.records)
    history.close()


def test_a_locked_history_costs_the_busy_wait_once_not_per_file(tmp_path: Path) -> None:
    import time

    path = filled(tmp_path / "history.sqlite3", rows=1)
    history = History(path)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    waits = []
    for i in range(3):
        start = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            history.add(name=f"{i}.png", size=1, mime="image/png",
                        public_url="https://x.test/a.png", uploaded_at=NOW)  # fmt: skip
        waits.append(time.monotonic() - start)
    blocker.execute("ROLLBACK")
    blocker.close()
    assert waits[0] >= 1.5 and waits[1] < 1.0 and waits[2] < 1.0
    history.add(name="ok.png", size=1, mime="image/png", public_url="https://x.test/a.png",
                uploaded_at=NOW)  # fmt: skip
    assert history.count() == 2
    history.close()
