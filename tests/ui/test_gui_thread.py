"""The window's thread paints: it opens no socket, starts no TLS, runs no SQL and opens no file it
uploads while the window uploads, lists, finds duplicates, checks a key and removes rows (issue
18). The engine, its client and the history's connection live on the engine's own thread.

A thread check, not a timing: an audit hook sees every ``socket.connect`` and ``bind`` and every
SQLite connection opened; each connection made through ``sqlite3.connect`` gets a trace callback
that sees every statement, on whichever thread runs it; a wrapped ``ssl.SSLContext`` sees every
TLS session that starts.
"""

from __future__ import annotations

import sqlite3
import ssl
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.core.history import History
from app.core.settings import AppPaths
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


class Watch:
    """What the GUI thread did that it must not do, while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.gui = threading.get_ident()
        self.seen: list[str] = []
        self.files = "\0"  # files under this folder must not be opened on the GUI thread

    def note(self, what: str) -> None:
        if self.on and threading.get_ident() == self.gui:
            self.seen.append(what)


_watch = Watch()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event in ("socket.connect", "socket.bind"):
        _watch.note(f"{event} {args[1]!r}")
    elif event == "socket.getaddrinfo":
        _watch.note(f"socket.getaddrinfo {args[0]!r}")
    elif event == "open" and str(args[0]).startswith(_watch.files):
        _watch.note(f"open {args[0]!r}")
    elif event == "sqlite3.connect":
        _watch.note(f"sqlite3.connect {args[0]!r}")


# Audit hooks cannot be removed: this one only looks while a test here turns the watch on.
sys.addaudithook(_audit)


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Watch]:
    for name in ("wrap_socket", "wrap_bio"):
        real = getattr(ssl.SSLContext, name)

        def wrapped(self: ssl.SSLContext, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            _watch.note("TLS session")
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(ssl.SSLContext, name, wrapped)
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = real_connect(*args, **kwargs)
        # Every statement on this connection, whichever thread runs it.
        db.set_trace_callback(lambda statement: _watch.note(f"SQL {statement[:60]!r}"))
        return db

    monkeypatch.setattr(sqlite3, "connect", connect)
    _watch.gui = threading.get_ident()
    _watch.seen = []
    try:
        yield _watch
    finally:
        _watch.on = False


def _past_uploads(profile: AppPaths, count: int) -> None:
    history = History(profile.history)
    now = datetime.now(UTC)
    for i in range(count):
        history.add(
            name=f"old{i}.png", size=100 + i, mime="image/png",
            public_url=f"https://pub.example/old{i}.png",
            uploaded_at=now - timedelta(hours=i), source_path=f"/nowhere/old{i}.png",
        )  # fmt: skip
    history.close()


def test_the_gui_thread_opens_no_socket_and_runs_no_sql(
    watch: Watch,
    make_window: Any,
    aloop: Loop,
    tmp_path: Path,
    profile: AppPaths,
    local_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _past_uploads(profile, 50)
    started = datetime.now(UTC)
    files = tmp_path / "files"
    files.mkdir()
    paths = []
    for i in range(6):
        paths.append(files / f"new{i}.png")
        paths[-1].write_bytes(make_png(10, 10, seed=i))
    extra = files / "extra.png"
    extra.write_bytes(make_png(7, 7, seed=99))
    watch.files = str(files)  # the files being uploaded are read on the engine's thread only
    watch.on = True
    # The window starts and lists the history.
    window = make_window(settings={"auto_copy": False})
    model = window.controller.model

    def new_done() -> list[Any]:
        return model.find(lambda r: r.state is RowState.DONE and r.uploaded_at > started)

    aloop.until(lambda: len(model.rows) == 50)
    # Uploads: some go, one is refused by the service, then retried.
    window.add_paths([str(p) for p in paths])
    aloop.until(lambda: len(new_done()) == 6)
    # The same files again: the duplicate check reads the history.
    offered: list[object] = []
    window.controller.duplicates_found.connect(offered.append)
    window.add_paths([str(paths[0])])
    aloop.until(lambda: bool(offered))
    # A refused upload, then its retry.
    local_server.faults.api_status(400, body='{"code": 400, "msg": "no"}')
    window.add_paths([str(extra)])
    aloop.until(lambda: bool(model.find(lambda r: r.state is RowState.FAILED)))
    window.controller.retry_failed()
    aloop.until(lambda: len(new_done()) == 7)
    # Search and filter the list; remove a row (off the history too); check a key.
    window.search.setText("old1")
    window.search.setText("")
    window.controller.remove(model.find(lambda r: r.name == "old3.png"))
    ok, _sentence = aloop.run(
        window.controller.test_key("test-key", local_server.base_url), timeout=20
    )
    assert ok
    aloop.settle(0.3)
    watch.on = False
    said = "\n".join(watch.seen[:20])
    assert watch.seen == [], f"the GUI thread did network or SQL work:\n{said}"
    # The watch itself works: SQL on this thread is seen.
    watch.on = True
    db = sqlite3.connect(":memory:")
    db.execute("SELECT 1")
    db.close()
    watch.on = False
    assert any(s.startswith("SQL") for s in watch.seen)


def test_quitting_while_uploads_run_stops_the_engine_s_thread_and_forgets_them(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: AppPaths, local_server: Any
) -> None:
    """Quit (the controller's shutdown) with an upload running: the upload is cancelled on the
    engine's thread, its row leaves the history's pending list (the person chose to quit: it
    must not come back as interrupted), and the engine's thread ends."""
    from tests.helpers import big_png

    local_server.faults.throttle(200_000)
    window = make_window(settings={"auto_copy": False})
    controller = window.controller
    window.add_paths([str(big_png(tmp_path / "slow.png", 5_000_000))])
    aloop.until(lambda: bool(controller.model.find(lambda r: r.state is RowState.UPLOADING)))

    def pending() -> list[object]:
        history = History(profile.history)
        try:
            return list(history.pending())
        finally:
            history.close()

    aloop.until(lambda: pending() != [])  # noted as queued, so a crash would not lose it
    worker = controller.worker
    aloop.run(controller.shutdown(), timeout=15)
    assert not worker._thread.is_alive()
    assert [r.state for r in controller.model.rows] == [RowState.CANCELLED]
    assert pending() == []


def test_demo_mode_starts_its_service_off_the_gui_thread(
    watch: Watch, make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    """The demo's local service binds its socket, and its uploads run, off the window's thread."""
    watch.on = True
    window = make_window(key=None, demo=True, settings={"auto_copy": False})
    model = window.controller.model
    path = tmp_path / "demo.png"
    path.write_bytes(make_png(9, 9, seed=3))
    window.add_paths([str(path)])
    aloop.until(lambda: any(r.state is RowState.DONE for r in model.rows))
    assert window.controller.server is not None
    watch.on = False
    said = "\n".join(watch.seen[:20])
    assert watch.seen == [], f"the GUI thread did network or SQL work:\n{said}"
