"""Finished uploads on disk: one SQLite row per public URL, written the moment its PUT succeeds.

WAL with ``synchronous=NORMAL``: a row whose ``add`` returned is in the WAL file and survives a
killed process; a kill mid-write leaves the previous state, never half a row. (FULL would also
survive a power cut, at the price of an fsync per upload on the loop that paints the window.)
The schema carries its version
in ``PRAGMA user_version`` so later releases can migrate it.

Version 2 adds ``pending``: a row per file queued in the window, deleted when it is uploaded,
cancelled or removed. Rows still there at the next start are uploads a crash interrupted.

Version 3 adds ``earlier_urls``: a renewed row takes its new URL, and the URL it had is kept here
(with its own expiry) so that it can still be listed and found until it stops working.
"""

from __future__ import annotations

import logging
import re
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
SCHEMA_VERSION = 4
_BUSY_MS = 2000
log = logging.getLogger("apimodels.history")
_SHORT_BUSY_MS = 100
#: How often the whole file's pages are checked (see History.check).
CHECK_EVERY = timedelta(days=1)

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

_SCHEMA_V3 = """
CREATE TABLE earlier_urls (
    id           INTEGER PRIMARY KEY,
    upload_id    INTEGER NOT NULL,  -- the uploads row that was renewed
    public_url   TEXT    NOT NULL,
    uploaded_at  INTEGER NOT NULL,  -- Unix milliseconds, UTC
    expires_at   INTEGER NOT NULL
);
CREATE INDEX earlier_urls_by_upload ON earlier_urls (upload_id);
CREATE INDEX uploads_by_expiry ON uploads (expires_at);
"""

# What was done to a file before it went (app/core/media/): for a cleaned or fitted upload, size
# and source_path stay the original's (the duplicate check and Re-upload work on the original);
# sent_size is what went out, removed what was taken out, fitted whether it was re-encoded.
_SCHEMA_V4 = """
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


def _ms_of(span: timedelta) -> int:
    return int(span.total_seconds() * 1000)


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


@dataclass(frozen=True)
class EarlierUrl:
    """A URL a row had before it was renewed; it works until its own expiry."""

    upload_id: int
    public_url: str
    uploaded_at: datetime
    expires_at: datetime


_COLUMNS = (
    "id, name, size, mime, public_url, uploaded_at, expires_at, source_path, sha256,"
    " sent_size, fitted, removed"
)


def _lenient(raw: bytes) -> str:
    """SQLite text as Python reads it, where a byte that is not UTF-8 becomes a lone surrogate
    instead of an error for the whole query: one bad byte in one row turned the history off."""
    return raw.decode("utf-8", "surrogateescape")


#: What _lenient leaves of bytes that were not UTF-8. The app never writes them (see _text).
_NOT_UTF8 = re.compile("[\ud800-\udfff]")


def _damaged_text(row: tuple[object, ...]) -> bool:
    return any(isinstance(value, str) and _NOT_UTF8.search(value) for value in row)


def _record(row: tuple[object, ...]) -> Record:
    if _damaged_text(row):
        raise ValueError("text that is not UTF-8")
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
            self._db.text_factory = _lenient
            #: Rows skipped as damaged since this was opened (told to the person by the window).
            self.damaged_rows = 0
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
            steps = {0: _SCHEMA_V1, 1: _SCHEMA_V2, 2: _SCHEMA_V3, 3: _SCHEMA_V4}
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
        return [record for row in rows if (record := self._readable(row)) is not None]

    def each_recent(self, limit: int, chunk: int = 2_000) -> Iterator[Record]:
        """recent(limit) read a chunk at a time from one query (one snapshot of the file): the
        list of 100,000 records and its rows were in memory together, and the process kept
        that peak (17 MB at 100,000 rows)."""
        with self._reading():
            cursor = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads "  # noqa: S608 (fixed fragments only)
                "ORDER BY uploaded_at DESC, id DESC LIMIT ?",
                (limit,),
            )
            while batch := cursor.fetchmany(chunk):
                for row in batch:
                    if (record := self._readable(row)) is not None:  # a damaged row is counted
                        yield record

    def get(self, record_id: int) -> Record | None:
        with self._reading():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE id = ?",  # noqa: S608
                (record_id,),
            ).fetchone()
        return None if row is None else self._readable(row)

    def _readable(self, row: tuple[object, ...]) -> Record | None:
        record = _readable(row)
        if record is None:
            self.damaged_rows += 1
        return record

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

    def check(self, now: datetime | None = None) -> None:
        """Raise HistoryDamaged if SQLite finds the file damaged (at start, so that a bad page is
        found before the window depends on it).

        SQLite's page check reads the whole file (113 ms per 100,000 rows), and every CLI upload
        opens the history: it runs once a day, on the first open after a day without one. A page
        damaged in between is found when it is read, and that read fails alone (a row that is
        not UTF-8 is skipped, a damaged page is a HistoryError its caller already copes with).
        """
        moment = _ms(now or datetime.now(UTC))
        with self._reading():
            last = self._last_check()
            if last is not None and 0 <= moment - last < _ms_of(CHECK_EVERY):
                return
            problems = [r[0] for r in self._db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise HistoryDamaged(
                    f"The upload history at {self.path} is damaged ({problems[0]})."
                )
        self._mark_checked(moment)

    def _last_check(self) -> int | None:
        # A table of its own outside the numbered schema: older versions leave it alone.
        try:
            (last,) = self._db.execute("SELECT max(checked_at) FROM integrity").fetchone()
        except sqlite3.OperationalError:  # no such table: never checked
            return None
        return last if isinstance(last, int) else None

    def _mark_checked(self, moment: int) -> None:
        busy = self._busy_ms
        self._set_busy_wait(_SHORT_BUSY_MS)  # a note, not worth waiting for a lock
        try:
            with self._transaction():
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS integrity (checked_at INTEGER NOT NULL)"
                )
                self._db.execute("DELETE FROM integrity")
                self._db.execute("INSERT INTO integrity (checked_at) VALUES (?)", (moment,))
                self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:  # read-only or locked: checked again next time
            log.info("could not note the history's check (%s)", exc)
        finally:
            self._set_busy_wait(busy)

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
        return None if row is None else self._readable(row)

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
                if (record := self._readable(row)) is not None:
                    found[(record.source_path or "", record.size)] = record  # the newest wins
        return found

    def remove(self, record_id: int) -> bool:
        cursor = self._db.execute("DELETE FROM uploads WHERE id = ?", (record_id,))
        self._db.execute("DELETE FROM earlier_urls WHERE upload_id = ?", (record_id,))
        return cursor.rowcount > 0

    # Renewal (app/core/renewal.py decides what may be renewed) ---------------------------------

    def fold_renewal(self, record_id: int, new_id: int) -> Record | None:
        """Row ``record_id`` takes the URL, times and file of row ``new_id`` (its renewal, just
        uploaded), keeps the URL it had in ``earlier_urls``, and ``new_id`` goes: in one
        transaction, so a crash leaves either both rows or the folded one, never a lost URL."""
        with self._transaction():
            self._db.execute("BEGIN IMMEDIATE")
            old, new = self.get(record_id), self.get(new_id)
            if old is None or new is None or old.id == new.id:
                self._db.execute("ROLLBACK")
                return None
            self._db.execute(
                "INSERT INTO earlier_urls (upload_id, public_url, uploaded_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (old.id, old.public_url, _ms(old.uploaded_at), _ms(old.expires_at)),
            )
            self._db.execute(
                "UPDATE uploads SET public_url = ?, uploaded_at = ?, expires_at = ?,"
                " source_path = ?, sha256 = ?, size = ?, mime = ? WHERE id = ?",
                (new.public_url, _ms(new.uploaded_at), _ms(new.expires_at),
                 new.source_path or old.source_path, new.sha256 or old.sha256, new.size,
                 new.mime, old.id),
            )  # fmt: skip
            self._db.execute("DELETE FROM uploads WHERE id = ?", (new.id,))
            self._db.execute("COMMIT")
        return self.get(record_id)

    def earlier_urls(self, record_ids: list[int], now: datetime) -> dict[int, list[EarlierUrl]]:
        """The still-working earlier URLs of these rows (all rows if empty), newest first."""
        where, args = "expires_at > ?", [_ms(now)]
        if record_ids:
            where += f" AND upload_id IN ({','.join('?' * len(record_ids))})"
            args += record_ids
        with self._reading():
            rows = self._db.execute(
                "SELECT upload_id, public_url, uploaded_at, expires_at FROM earlier_urls "  # noqa: S608 (marks only)
                f"WHERE {where} ORDER BY uploaded_at DESC",
                args,
            ).fetchall()
        found: dict[int, list[EarlierUrl]] = {}
        for upload_id, url, up, exp in rows:
            try:
                earlier = EarlierUrl(int(upload_id), str(url), _dt(int(up)), _dt(int(exp)))
            except _ROW_ERRORS:
                continue
            found.setdefault(earlier.upload_id, []).append(earlier)
        return found

    def expiring(self, now: datetime, within: timedelta) -> list[Record]:
        """Rows still working that stop within ``within``, soonest first."""
        with self._reading():
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE expires_at > ? AND expires_at <= ? "  # noqa: S608
                "ORDER BY expires_at, id",
                (_ms(now), _ms(now + within)),
            ).fetchall()
        return [record for row in rows if (record := _readable(row)) is not None]

    def stream(
        self,
        *,
        search: str = "",
        expiring_before: datetime | None = None,
        now: datetime | None = None,
    ) -> Iterator[Record]:
        """Every row, newest first, read in pages of a few hundred so that a caller can print
        the first before the last is read (``history --json`` over 100,000 rows)."""
        where: list[str] = ["1"]
        args: list[object] = []
        if search:
            pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("(name LIKE ? ESCAPE '\\' OR public_url LIKE ? ESCAPE '\\')")
            args += [pattern + "%", pattern + "%"]
        if expiring_before is not None:
            where.append("expires_at > ? AND expires_at <= ?")
            args += [_ms(now or datetime.now(UTC)), _ms(expiring_before)]
        cursor = self._db.cursor()
        with self._reading():
            cursor.execute(
                f"SELECT {_COLUMNS} FROM uploads WHERE {' AND '.join(where)} "  # noqa: S608
                "ORDER BY uploaded_at DESC, id DESC",
                args,
            )
        while True:
            with self._reading():
                page = cursor.fetchmany(500)
            if not page:
                return
            for row in page:
                if (record := _readable(row)) is not None:
                    yield record

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
                if _damaged_text((src, name, mime)):
                    raise ValueError("text that is not UTF-8")
                out.append(Pending(int(i), str(src), str(name), int(size), str(mime), _dt(int(at))))
            except _ROW_ERRORS as exc:
                self.damaged_rows += 1
                log.warning("skipped an unreadable queued-file row %s of the history (%s)", i, exc)
        return out
