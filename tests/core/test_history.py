"""The history file: rows written at once, read newest first, versioned, robust to bad files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.core.history import PUBLIC_LIFETIME, SCHEMA_VERSION, History, HistoryDamaged, HistoryError

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def add(h: History, n: int, **kw: object) -> None:
    h.add(
        name=kw.get("name", f"f{n}.png"),  # type: ignore[arg-type]
        size=100 + n,
        mime="image/png",
        public_url=f"https://cdn.example/{n}.png",
        uploaded_at=T0 + timedelta(minutes=n),
        source_path=f"/tmp/f{n}.png",
        sha256=kw.get("sha256"),  # type: ignore[arg-type]
    )


def test_rows_come_back_newest_first_with_expiry_seven_days_on(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    for n in range(5):
        add(h, n)
    rows = h.recent()
    assert [r.name for r in rows] == ["f4.png", "f3.png", "f2.png", "f1.png", "f0.png"]
    assert rows[0].expires_at - rows[0].uploaded_at == PUBLIC_LIFETIME == timedelta(days=7)
    assert rows[0].uploaded_at == T0 + timedelta(minutes=4)
    assert h.count() == 5
    assert [r.name for r in h.recent(limit=2, offset=1)] == ["f3.png", "f2.png"]


def test_each_recent_reads_what_recent_reads_a_chunk_at_a_time(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    for n in range(7):
        add(h, n)
    chunks = h.each_recent(5, chunk=2)
    first = next(chunks)  # a generator: the rest is read as it is asked for
    assert [first, *chunks] == h.recent(limit=5)
    assert [r.name for r in h.each_recent(100, chunk=3)] == [f"f{n}.png" for n in range(6, -1, -1)]


def test_rows_survive_reopening_and_schema_is_versioned(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    h = History(path)
    add(h, 1)
    h.close()
    again = History(path)
    assert [r.public_url for r in again.recent()] == ["https://cdn.example/1.png"]
    (version,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == SCHEMA_VERSION
    (mode,) = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_search_matches_name_or_url_and_treats_wildcards_literally(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    add(h, 1, name="holiday_beach.png")
    add(h, 2, name="holidayXbeach.png")
    add(h, 3, name="cat.png")
    assert [r.name for r in h.recent(search="HOLIDAY_")] == ["holiday_beach.png"]
    assert [r.name for r in h.recent(search="3.png")] == ["cat.png"]
    assert h.recent(search="%") == []


def test_countdown_and_expiry(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    add(h, 0)
    (row,) = h.recent()
    assert row.time_left(T0 + timedelta(days=6)) == timedelta(days=1)
    assert not row.is_expired(T0 + timedelta(days=6, hours=23))
    assert row.is_expired(T0 + timedelta(days=7))
    assert row.time_left(T0 + timedelta(days=9)) == timedelta(0)


def test_find_live_offers_only_an_unexpired_identical_upload(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    add(h, 0, sha256="aa")
    assert h.find_live(size=100, sha256="aa", now=T0 + timedelta(days=1)) is not None
    assert h.find_live(size=100, sha256="bb", now=T0) is None
    assert h.find_live(size=101, sha256="aa", now=T0) is None
    assert h.find_live(size=100, sha256="aa", now=T0 + timedelta(days=8)) is None


def test_remove_and_get(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    add(h, 0)
    (row,) = h.recent()
    assert h.get(row.id) == row
    assert h.remove(row.id)
    assert not h.remove(row.id)
    assert h.get(row.id) is None


def test_a_file_that_is_not_a_database_gets_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(HistoryDamaged, match="is damaged"):
        History(path)


def test_a_history_from_a_newer_version_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer version"):
        History(path)


def test_names_that_are_not_utf8_are_stored_readably(tmp_path: Path) -> None:
    h = History(tmp_path / "h.sqlite3")
    record = h.add(
        name="bad\udcff.png",
        size=1,
        mime="image/png",
        public_url="https://cdn.example/x.png",
        uploaded_at=T0,
        source_path="/tmp/bad\udcff.png",
    )
    (row,) = h.recent()
    assert row.name == record.name == "bad\ufffd.png"
    assert row.source_path == "/tmp/bad\ufffd.png"


def test_a_version_1_history_is_migrated_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE uploads (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL,"
        " mime TEXT NOT NULL, public_url TEXT NOT NULL, uploaded_at INTEGER NOT NULL,"
        " expires_at INTEGER NOT NULL, source_path TEXT, sha256 TEXT);"
        "INSERT INTO uploads VALUES (7, 'a.png', 3, 'image/png', 'https://x/a.png', 0, 1, NULL,"
        " NULL); PRAGMA user_version = 1;"
    )
    db.close()
    history = History(path)
    assert [r.id for r in history.recent()] == [7]
    assert history.pending() == []
    assert history.earlier_urls([7], T0) == {}
    history.close()
    (version,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == SCHEMA_VERSION


def test_a_version_2_history_gains_the_fit_columns_and_keeps_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE uploads (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL,"
        " mime TEXT NOT NULL, public_url TEXT NOT NULL, uploaded_at INTEGER NOT NULL,"
        " expires_at INTEGER NOT NULL, source_path TEXT, sha256 TEXT);"
        "CREATE TABLE pending (id INTEGER PRIMARY KEY, source_path TEXT NOT NULL,"
        " name TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL,"
        " queued_at INTEGER NOT NULL);"
        "INSERT INTO uploads VALUES (7, 'a.png', 3, 'image/png', 'https://x/a.png', 0, 1, '/a',"
        " 'ab'); PRAGMA user_version = 2;"
    )
    db.close()
    history = History(path)
    (old,) = history.recent()
    assert (old.id, old.sha256, old.sent_size, old.fitted, old.removed) == (
        7,
        "ab",
        None,
        False,
        (),
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    new = history.add(
        name="clip.mov", size=190_000_000, mime="video/mp4", public_url="https://x/clip.mp4",
        uploaded_at=now, source_path="/clip.mov", sent_size=99_000_000, fitted=True,
        removed=("GPS position", "serial numbers"),
    )  # fmt: skip
    assert history.get(new.id) == new
    assert new.sent_size == 99_000_000 and new.fitted and new.removed[0] == "GPS position"
    history.close()
    (version,) = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()
    assert version == SCHEMA_VERSION == 4


def test_pending_rows_outlive_the_process_until_dropped(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    history = History(path)
    first = history.add_pending(
        source_path="/x/a.png", name="a.png", size=3, mime="image/png", queued_at=now
    )
    history.add_pending(
        source_path="/x/b.mp3", name="b.mp3", size=9, mime="audio/mpeg", queued_at=now
    )
    history.close()  # as if the app had died here
    again = History(path)
    assert [(p.name, p.size, p.queued_at) for p in again.pending()] == [
        ("a.png", 3, now),
        ("b.mp3", 9, now),
    ]
    again.drop_pending(first)
    assert [p.name for p in again.pending()] == ["b.mp3"]


def test_live_sizes_name_only_unexpired_hashed_uploads(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    now = datetime(2026, 1, 10, tzinfo=UTC)
    history.add(name="a", size=10, mime="image/png", public_url="https://x/a", uploaded_at=now,
                sha256="aa")  # fmt: skip
    history.add(name="b", size=20, mime="image/png", public_url="https://x/b",
                uploaded_at=now - timedelta(days=8), sha256="bb")  # fmt: skip
    history.add(name="c", size=30, mime="image/png", public_url="https://x/c", uploaded_at=now)
    assert history.live_sizes(now) == {10}


def test_pending_many_is_one_transaction(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ids = history.add_pending_many(
        [("/x/a.png", "a.png", 1, "image/png"), ("/x/b.png", "b.png", 2, "image/png")],
        queued_at=now,
    )
    assert [p.id for p in history.pending()] == ids
    with pytest.raises(AttributeError):
        history.add_pending_many(
            [("/x/c.png", "c.png", 3, "image/png"), ("/x/d.png", None, 4, "image/png")],
            queued_at=now,
        )  # type: ignore[list-item]
    assert [p.name for p in history.pending()] == ["a.png", "b.png"]  # nothing half-written


def test_a_pending_entry_whose_upload_was_recorded_is_not_reported(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    queued = datetime(2026, 1, 1, tzinfo=UTC)
    history.add_pending(source_path="/x/a.png", name="a.png", size=3, mime="image/png",
                        queued_at=queued)  # fmt: skip
    history.add_pending(source_path="/x/b.png", name="b.png", size=3, mime="image/png",
                        queued_at=queued)  # fmt: skip
    # the crash came after a.png's row was written, before its queue entry was dropped
    history.add(name="a.png", size=3, mime="image/png", public_url="https://x/a",
                uploaded_at=queued + timedelta(seconds=5), source_path="/x/a.png")  # fmt: skip
    history.add(name="b.png", size=3, mime="image/png", public_url="https://x/b-old",
                uploaded_at=queued - timedelta(days=1), source_path="/x/b.png")  # fmt: skip
    assert [p.name for p in history.pending()] == ["b.png"]


def test_many_processes_opening_a_new_history_at_once_all_get_it(tmp_path: Path) -> None:
    """Two CLIs (or the window and a CLI) started together on a fresh profile: both must create
    or find the same history; neither may be told it "cannot be used right now"."""
    import threading

    from app.core.history import History as Opened

    for round_ in range(25):
        path = tmp_path / f"h{round_}" / "history.sqlite3"
        start = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_it(
            path: Path = path,
            start: threading.Barrier = start,
            errors: list[BaseException] = errors,
        ) -> None:
            start.wait()
            try:
                Opened(path).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], f"round {round_}: {errors[0]}"
