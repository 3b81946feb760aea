"""Finished uploads on disk: one SQLite row per public URL, written the moment its PUT succeeds.

WAL with ``synchronous=NORMAL``: a row whose ``add`` returned is in the WAL file and survives a
killed process; a kill mid-write leaves the previous state, never half a row. (FULL would also
survive a power cut, at the price of an fsync per upload on the loop that paints the window.)
The schema carries its version
in ``PRAGMA user_version`` so later releases can migrate it.

Version 2 adds ``pending``: a row per file queued in the window, deleted when it is uploaded,
cancelled or removed. Rows still there at the next start are uploads a crash interrupted.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .private import private_dir, private_file, tighten
from .reasons import Reason

#: How long a public URL stays reachable after its PUT completed.
PUBLIC_LIFETIME = timedelta(days=7)
SCHEMA_VERSION = 3
_BUSY_MS = 2000
log = logging.getLogger("apimodels.history")
_SHORT_BUSY_MS = 100

_SCHEMA_V1 = """
CREATE TABLE uploads (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    mime         TEXT    NOT NULL,
    public_url   TEXT    NOT NULL,
    uploaded_at  INTEGER NOT NULL,  -- Unix milliseconds, UTC
    expires_at   INTEGER NOT NULL,
    source_path  TEXT,
    sha256       TEXT
);
CREATE INDEX uploads_by_time ON uploads (uploaded_at DESC, id DESC);
CREATE INDEX uploads_by_content ON uploads (size, sha256);
"""

_SCHEMA_V2 = """
CREATE TABLE pending (
    id           INTEGER PRIMARY KEY,
    source_path  TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    mime         TEXT    NOT NULL,
    queued_at    INTEGER NOT NULL   -- Unix milliseconds, UTC
);
"""

# What was done to a file before it went (app/core/media/): for a cleaned or fitted upload, size
# and source_path stay the original's (the duplicate check and Re-upload work on the original);
# sent_size is what went out, removed what was taken out, fitted whether it was re-encoded.
_SCHEMA_V3 = """
ALTER TABLE uploads ADD COLUMN sent_size INTEGER;
ALTER TABLE uploads ADD COLUMN fitted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN removed TEXT
"""


class HistoryError(Exception):
    """The history file cannot be used; the sentence says why and what to do."""


class HistoryDamaged(HistoryError):
    """The file's content is damaged (not a full disk or a lock): it can be kept aside."""


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite's error means a damaged file, rather than a disk that is full, read-only
    or locked (where the file is healthy and must be kept)."""
    if isinstance(exc, sqlite3.OperationalError):
        return False  # locked, read-only, full, cannot open, I/O error
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "encrypted" in text
    )


def _text(value: str) -> str:
    # File names that are not valid UTF-8 arrive with lone surrogates, which SQLite refuses.
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _dt(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


@dataclass(frozen=True)
class Pending:
    """A file that was queued and had not finished when the app last stopped."""

    id: int
    source_path: str
    name: str
    size: int
    mime: str
    queued_at: datetime


@dataclass(frozen=True)
class Record:
    id: int
    name: str
    size: int
    mime: str
    public_url: str
    uploaded_at: datetime
    expires_at: datetime
    source_path: str | None
    sha256: str | None
    #: Set when a cleaned or fitted copy went: its size (size is then the original's).
    sent_size: int | None = None
    fitted: bool = False
    removed: tuple[str, ...] = ()

    def time_left(self, now: datetime) -> timedelta:
        return max(self.expires_at - now, timedelta(0))

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


_COLUMNS = (
    "id, name, size, mime, public_url, uploaded_at, expires_at, source_path, sha256,"
    " sent_size, fitted, removed"
)


def _record(row: tuple[object, ...]) -> Record:
    rid, name, size, mime, url, up, exp, src, sha, sent, fitted, removed = row
    assert isinstance(up, int) and isinstance(exp, int)
    return Record(
        id=int(rid),  # type: ignore[call-overload]
        name=str(name),
        size=int(size),  # type: ignore[call-overload]
        mime=str(mime),
        public_url=str(url),
        uploaded_at=_dt(up),
        expires_at=_dt(exp),
        source_path=None if src is None else str(src),
        sha256=None if sha is None else str(sha),
        sent_size=None if sent is None else int(sent),  # type: ignore[call-overload]
        fitted=bool(fitted),
        removed=tuple(str(removed).split("\n")) if removed else (),
    )


# What a row with a wrong value raises on the way to a Record: a date past year 9999, a text
# where a number belongs, a NULL.
_ROW_ERRORS = (ValueError, OverflowError, OSError, TypeError, AssertionError)


def _readable(row: tuple[object, ...]) -> Record | None:
    try:
        return _record(row)
    except _ROW_ERRORS as exc:
        log.warning("skipped an unreadable history row %s (%s)", row[0], exc)
        return None


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged history (and its -wal and -shm) to a dated name; never delete it."""
    stamp = (now or datetime.now(UTC)).astimezone().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    path.rename(aside)
    for extra in ("-wal", "-shm"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + extra))
    return aside


def open_history(
    path: Path, *, manual_checkpoints: bool = False
) -> tuple[History | None, Reason | None]:
    """The history, and a sentence for the person if something had to be done or given up.

    A damaged file is kept aside under a dated name and a new history is started, so the app
    always starts; a full, read-only or locked disk gives no history this time (the file is
    healthy and is left alone).
    """
    history: History | None = None
    try:
        history = History(path, manual_checkpoints=manual_checkpoints)
        history.check()
        return history, None
    except HistoryDamaged as exc:
        log.warning("%s", exc)
        if history is not None:
            history.close()
        try:
            aside = set_aside(path)
        except OSError as err:
            why = Reason.of("history_not_moved", detail=str(exc), error=err.strerror or "")
            return None, why
        log.warning("damaged history kept as %s; starting a new one", aside)
        try:
            fresh = History(path, manual_checkpoints=manual_checkpoints)
        except HistoryError as again:
            return None, Reason.of("history_unusable", detail=str(again))
        return fresh, Reason.of("history_restarted", path=str(aside))
    except HistoryError as exc:
        if history is not None:
            history.close()
        return None, Reason.of("history_unusable", detail=str(exc))


class History:
    def __init__(self, path: Path, *, manual_checkpoints: bool = False) -> None:
        self.path = path
        try:
            private_dir(path.parent)
            # SQLite gives the -wal and -shm files the mode of the database file.
            private_file(path)
            for extra in ("-wal", "-shm"):
                tighten(path.with_name(path.name + extra))
            # Short busy wait: the window and the CLI may share the file, but a locked history
            # must not freeze the window; the engine reports the URL even if the write fails.
            self._busy_ms = _BUSY_MS
            self._db = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_MS / 1000)
            self._enable_wal()
            self._db.execute("PRAGMA synchronous=NORMAL")
            if manual_checkpoints:
                # SQLite folds the log into the database (and fsyncs it) in whichever write
                # crosses 1000 pages: in the window, a write on the GUI thread, mid-upload, 100 ms
                # on a busy disk. The window calls checkpoint() from a worker thread instead.
                self._db.execute("PRAGMA wal_autocheckpoint=0")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise HistoryDamaged(f"The upload history at {path} is damaged ({exc}).") from None
            # Full, read-only or locked: the file is fine, and must not be given up.
            raise HistoryError(
                f"The upload history at {path} cannot be used right now ({exc}). "
                "Check that the disk has room and can be written to."
            ) from None
        except OSError as exc:
            raise HistoryError(
                f"The upload history folder {path.parent} cannot be used ({exc.strerror})."
            ) from None

    def _enable_wal(self) -> None:
        # Switching a new file to WAL takes an exclusive lock, and SQLite answers "locked" at
        # once, without its busy wait, while another process is doing the same: wait here.
        deadline = time.monotonic() + _BUSY_MS / 1000
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                locked = "locked" in str(exc) or "busy" in str(exc)
                if not locked or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"The upload history at {self.path} was written by a newer version of the app. "
                "Update the app to read it."
            )
        if version == SCHEMA_VERSION:
            return
        # Two processes may open a new history at the same moment (the window and a CLI, two
        # CLIs): one migrates under a write lock taken up front; the other waits for it, then
        # reads the new version inside its own lock and has nothing left to do.
        with self._transaction():
            self._db.execute("BEGIN IMMEDIATE")
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            steps = {0: _SCHEMA_V1, 1: _SCHEMA_V2, 2: _SCHEMA_V3}
            while version < SCHEMA_VERSION:
                for statement in filter(str.strip, steps[version].split(";")):
                    self._db.execute(statement)
                version += 1
                self._db.execute(f"PRAGMA user_version = {version}")
            self._db.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # The caller runs BEGIN/COMMIT; this only rolls back a half-done transaction.
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database, on a connection of its own: any thread."""
        db = sqlite3.connect(self.path, timeout=2.0)
        try:
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            db.close()

    def _set_busy_wait(self, ms: int) -> None:
        if ms != self._busy_ms:
            self._busy_ms = ms
            self._db.execute(f"PRAGMA busy_timeout = {int(ms)}")

    def add(
        self,
        *,
        name: str,
        size: int,
        mime: str,
        public_url: str,
        uploaded_at: datetime,
        source_path: str | None = None,
        sha256: str | None = None,
        lifetime: timedelta = PUBLIC_LIFETIME,
        sent_size: int | None = None,
        fitted: bool = False,
        removed: tuple[str, ...] = (),
    ) -> Record:
        expires_at = uploaded_at + lifetime
        name = _text(name)
        source_path = None if source_path is None else _text(source_path)
        try:
            cursor = self._db.execute(
                "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at,"
                " source_path, sha256, sent_size, fitted, removed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, size, mime, public_url, _ms(uploaded_at), _ms(expires_at), source_path,
                 sha256, sent_size, int(fitted), "\n".join(removed) or None),
            )  # fmt: skip
        except sqlite3.OperationalError:
            # Locked by someone for longer than the busy wait: do not wait 2 s again for each
            # of the next files on the loop that runs the uploads; a success restores it.
            self._set_busy_wait(_SHORT_BUSY_MS)
            raise
        self._set_busy_wait(_BUSY_MS)
        rid = cursor.lastrowid
        assert rid is not None
        return Record(
            rid, name, size, mime, public_url, _dt(_ms(uploaded_at)), _dt(_ms(expires_at)),
            source_path, sha256, sent_size, fitted, removed,
        )  # fmt: skip

    def recent(self, limit: int = 1000, offset: int = 0, *, search: str = "") -> list[Record]:
        """Newest first; ``search`` matches the name or the URL, case-insensitively."""
        where, args = "", []
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where = "WHERE name LIKE ? ESCAPE '\\' OR public_url LIKE ? ESCAPE '\\'"
            args = [pattern + "%", pattern + "%"]
        with self._reading():
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads {where} "  # noqa: S608 (fixed fragments only)
                "ORDER BY uploaded_at DESC, id DESC LIMIT ? OFFSET ?",
                (*args, limit, offset),
            ).fetchall()
        return [record for row in rows if (record := _readable(row)) is not None]

    def get(self, record_id: int) -> Record | None:
        with self._reading():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE id = ?",  # noqa: S608
                (record_id,),
            ).fetchone()
        return None if row is None else _readable(row)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if is_damage(exc):
                raise HistoryDamaged(
                    f"The upload history at {self.path} is damaged ({exc})."
                ) from None
            raise HistoryError(
                f"The upload history at {self.path} cannot be read right now ({exc})."
            ) from None

    def check(self) -> None:
        """Raise HistoryDamaged if SQLite finds the file damaged (read at start, so that a bad
        page is found before the window depends on it)."""
        with self._reading():
            problems = [r[0] for r in self._db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise HistoryDamaged(
                    f"The upload history at {self.path} is damaged ({problems[0]})."
                )
            self._db.execute(f"SELECT {_COLUMNS} FROM uploads").fetchall()  # noqa: S608
            self._db.execute("SELECT * FROM pending").fetchall()

    def count(self) -> int:
        (n,) = self._db.execute("SELECT COUNT(*) FROM uploads").fetchone()
        return int(n)

    def find_live(self, *, size: int, sha256: str, now: datetime) -> Record | None:
        """A not-yet-expired upload of the same bytes, to offer instead of uploading again."""
        with self._reading():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE size = ? AND sha256 = ? AND expires_at > ? "  # noqa: S608
                "ORDER BY uploaded_at DESC LIMIT 1",
                (size, sha256, _ms(now)),
            ).fetchone()
        return None if row is None else _readable(row)

    def live_at_paths(self, paths: list[str], now: datetime) -> dict[tuple[str, int], Record]:
        """The newest live upload from each of these paths, by (path, size)."""
        found: dict[tuple[str, int], Record] = {}
        for start in range(0, len(paths), 500):  # SQLite caps the parameters of one statement
            chunk = [_text(p) for p in paths[start : start + 500]]
            marks = ",".join("?" * len(chunk))
            with self._reading():
                rows = self._db.execute(
                    f"SELECT {_COLUMNS} FROM uploads WHERE expires_at > ? "  # noqa: S608 (marks)
                    f"AND source_path IN ({marks}) ORDER BY uploaded_at",
                    (_ms(now), *chunk),
                ).fetchall()
            for row in rows:
                if (record := _readable(row)) is not None:
                    found[(record.source_path or "", record.size)] = record  # the newest wins
        return found

    def remove(self, record_id: int) -> bool:
        cursor = self._db.execute("DELETE FROM uploads WHERE id = ?", (record_id,))
        return cursor.rowcount > 0

    def live_sizes(self, now: datetime) -> set[int]:
        """Sizes of live uploads: a cheap first test before hashing a file to find a duplicate."""
        rows = self._db.execute(
            "SELECT DISTINCT size FROM uploads WHERE expires_at > ? AND sha256 IS NOT NULL",
            (_ms(now),),
        ).fetchall()
        return {int(size) for (size,) in rows}

    # Queued files, so that a crash does not silently lose them ----------------------------------

    def add_pending(
        self, *, source_path: str, name: str, size: int, mime: str, queued_at: datetime
    ) -> int:
        cursor = self._db.execute(
            "INSERT INTO pending (source_path, name, size, mime, queued_at) VALUES (?, ?, ?, ?, ?)",
            (_text(source_path), _text(name), size, mime, _ms(queued_at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_pending_many(
        self, items: list[tuple[str, str, int, str]], *, queued_at: datetime
    ) -> list[int]:
        """(source path, name, size, type) for each file, in one transaction; returns the ids."""
        ids = []
        self._db.execute("BEGIN")
        try:
            for source_path, name, size, mime in items:
                ids.append(
                    self.add_pending(
                        source_path=source_path, name=name, size=size, mime=mime,
                        queued_at=queued_at,
                    )
                )  # fmt: skip
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        return ids

    def drop_pending(self, pending_id: int) -> None:
        self._db.execute("DELETE FROM pending WHERE id = ?", (pending_id,))

    def pending(self) -> list[Pending]:
        """Queued files that never finished. A crash between an upload's row and the removal of
        its queue entry would show it twice: entries whose upload is in the table are dropped."""
        with self._reading():
            self._db.execute(
                "DELETE FROM pending WHERE EXISTS (SELECT 1 FROM uploads u WHERE"
                " u.source_path = pending.source_path AND u.size = pending.size"
                " AND u.uploaded_at >= pending.queued_at)"
            )
            rows = self._db.execute(
                "SELECT id, source_path, name, size, mime, queued_at FROM pending ORDER BY id"
            ).fetchall()
        out = []
        for i, src, name, size, mime, at in rows:
            try:
                out.append(Pending(int(i), str(src), str(name), int(size), str(mime), _dt(int(at))))
            except _ROW_ERRORS as exc:
                log.warning("skipped an unreadable queued-file row %s of the history (%s)", i, exc)
        return out
