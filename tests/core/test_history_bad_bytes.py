"""One bad byte in one history row (issue 16, item 8), and a check that does not read every row
on every open (issue 18, part 3)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from app.core.history import CHECK_EVERY, History, open_history
from app.core.reasons import Reason, english
from tests.core.test_history_damage import NOW, filled

# "https://" then a byte that is never UTF-8, as a disk or another tool may leave it.
BAD_URL = "CAST(X'68747470733A2F2FFF2E706E67' AS TEXT)"


def _poison(path: Path, where: str, table: str = "uploads", column: str = "public_url") -> None:
    db = sqlite3.connect(path)
    db.execute(f"UPDATE {table} SET {column} = {BAD_URL} WHERE {where}")  # noqa: S608
    db.commit()
    db.close()


def test_one_bad_byte_in_one_row_skips_that_row_and_the_rest_keeps_working(
    tmp_path: Path,
) -> None:
    path = filled(tmp_path / "history.sqlite3", rows=3)
    _poison(path, "size = 1")
    history, problem = open_history(path)
    assert problem is None, problem  # it was: "cannot be read right now", history off for good
    assert history is not None
    assert sorted(r.size for r in history.recent()) == [0, 2]
    assert history.damaged_rows == 1
    history.add(name="new.png", size=7, mime="image/png", public_url="https://x.test/new.png",
                uploaded_at=NOW)  # fmt: skip
    assert history.count() == 4
    assert [r.size for r in history.recent(limit=1)] == [7]
    history.close()
    again, problem = open_history(path)  # and on the next start too
    assert again is not None and problem is None
    again.close()


def test_a_bad_byte_in_a_queued_file_is_skipped_and_counted(tmp_path: Path) -> None:
    path = filled(tmp_path / "history.sqlite3", rows=1)
    history = History(path)
    history.add_pending(source_path="/p/a.png", name="a.png", size=1, mime="image/png",
                        queued_at=NOW)  # fmt: skip
    history.add_pending(source_path="/p/b.png", name="b.png", size=2, mime="image/png",
                        queued_at=NOW)  # fmt: skip
    history.close()
    _poison(path, "size = 1", table="pending", column="name")
    history = History(path)
    assert [p.name for p in history.pending()] == ["b.png"]
    assert history.damaged_rows == 1
    history.close()


def test_the_damaged_rows_sentence_counts_them() -> None:
    assert english(Reason.of("history_rows_damaged", count=1)).startswith("1 entry of")
    assert english(Reason.of("history_rows_damaged", count=3)).startswith("3 entries of")


def test_the_whole_file_check_runs_once_a_day_not_on_every_open(tmp_path: Path) -> None:
    path = filled(tmp_path / "history.sqlite3", rows=3)

    def statements_of_a_check(after: timedelta) -> list[str]:
        history = History(path)
        seen: list[str] = []
        history._db.set_trace_callback(seen.append)
        history.check(NOW + after)
        history.close()
        return seen

    first = statements_of_a_check(timedelta(0))
    assert any("quick_check" in s for s in first)
    for later in (timedelta(minutes=1), timedelta(hours=23)):
        seen = statements_of_a_check(later)
        assert not any("quick_check" in s for s in seen), later
        assert not any("FROM uploads" in s for s in seen)  # no row is read to open it
    assert any("quick_check" in s for s in statements_of_a_check(CHECK_EVERY + timedelta(hours=1)))


def test_a_read_only_history_is_checked_and_works_without_noting_it(tmp_path: Path) -> None:
    path = filled(tmp_path / "history.sqlite3", rows=2)
    history = History(path)
    history._db.execute("PRAGMA query_only = ON")  # every write now fails, as on a read-only disk
    history.check(NOW)
    assert len(history.recent()) == 2
    history.close()
