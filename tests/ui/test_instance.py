"""The single-instance socket: what it takes, what it refuses, and a stale socket after a crash."""

from __future__ import annotations

import socket as pysocket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.desktop import instance
from tests.ui.conftest import Loop

ROOT = Path(__file__).resolve().parents[2]


def test_same_profile_same_name_whatever_the_mode(tmp_path: Path) -> None:
    a = instance.server_name(tmp_path / "p")
    assert a == instance.server_name(tmp_path / "p")
    assert a != instance.server_name(tmp_path / "q")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"files": ["/a.png", "/b c.mp4"]}', ["/a.png", "/b c.mp4"]),
        (b'{"files": []}', []),
        (b'{"files": ["", "/x\\u0000y", "/ok.wav"]}', ["/ok.wav"]),
        (b'{"files": "/a.png"}', None),
        (b'{"files": [1, 2]}', None),
        (b"[]", None),
        (b"\xff\xfe", None),
        (b"not json", None),
    ],
)
def test_messages_are_checked(raw: bytes, expected: list[str] | None) -> None:
    assert instance.parse_message(raw) == expected


def _server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> instance.InstanceServer:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    server = instance.InstanceServer(instance.server_name(tmp_path / "p"))
    assert server.listen()
    return server


def test_files_from_a_second_launch_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, aloop: Loop
) -> None:
    server = _server(tmp_path, monkeypatch)
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    # hand_over() blocks, as the second process does: run it in one, while this loop listens.
    script = (
        "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
        "from app.ui.desktop.instance import hand_over; "
        "sys.exit(0 if hand_over(sys.argv[1], ['/a.png', '/b.mp4']) else 3)"
    )

    async def send() -> int:
        import asyncio

        loop = asyncio.get_running_loop()
        done = await loop.run_in_executor(
            None,
            lambda: subprocess.run(
                [sys.executable, "-c", script, server.name], cwd=ROOT, timeout=30, check=False
            ),
        )
        return done.returncode

    assert aloop.run(send()) == 0
    assert received == [["/a.png", "/b.mp4"]]
    server.close()


def test_a_stale_socket_is_replaced_and_nobody_there_means_open_a_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    name = instance.server_name(tmp_path / "p")
    stale = pysocket.socket(pysocket.AF_UNIX)
    stale.bind(name)  # a crashed window's socket file: bound, nobody listening
    stale.close()
    assert Path(name).exists()
    assert instance.hand_over(name, ["/a.png"], timeout_ms=500) is False
    server = instance.InstanceServer(name)
    assert server.listen()
    server.close()


def test_garbage_and_floods_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, aloop: Loop
) -> None:
    server = _server(tmp_path, monkeypatch)
    received: list[list[str]] = []
    server.files_received.connect(received.append)

    def send(payload: bytes) -> bytes:
        with pysocket.socket(pysocket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(server.name)
            try:
                s.sendall(payload)
                return s.recv(16)
            except OSError:
                return b""

    async def run() -> list[bytes]:
        import asyncio

        loop = asyncio.get_running_loop()
        return [
            await loop.run_in_executor(None, send, b"not json\n"),
            await loop.run_in_executor(None, send, b"x" * (instance.MAX_MESSAGE + 10)),
            await loop.run_in_executor(None, send, b'{"files": ["/fine.png"]}\n'),
        ]

    replies = aloop.run(run())
    assert replies[0] == b"" and replies[1] == b""
    assert replies[2] == b"ok\n"
    assert received == [["/fine.png"]]
    server.close()


def test_the_socket_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = _server(tmp_path, monkeypatch)
    mode = Path(server.name).stat().st_mode & 0o777
    assert mode & 0o077 == 0, oct(mode)
    server.close()


def _late_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, aloop: Loop, *, busy: float
) -> tuple[int, list[list[str]]]:
    """A window holds the lock but listens only after 1.5 s, then answers nothing for ``busy``
    seconds more (its own start); meanwhile another process claims with one file. Its exit
    status (0: handed over) and what the window received."""
    from PySide6.QtCore import QLockFile

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    name = instance.server_name(tmp_path / "p")
    first = QLockFile(name + ".lock")
    assert first.tryLock(0)  # the first window: lock taken, socket not there yet
    script = (
        "import sys; from PySide6.QtCore import QCoreApplication; app = QCoreApplication([]); "
        "from app.ui.desktop.instance import claim; "
        "sys.exit(0 if claim(sys.argv[1], ['/late.png']) is None else 3)"
    )
    server = instance.InstanceServer(name)
    received: list[list[str]] = []
    server.files_received.connect(received.append)

    async def race() -> int:
        import asyncio

        loop = asyncio.get_running_loop()
        second = loop.run_in_executor(
            None,
            lambda: (
                subprocess.run(
                    [sys.executable, "-c", script, name], cwd=ROOT, timeout=30, check=False
                ).returncode
            ),
        )
        await asyncio.sleep(1.5)  # the first window finishes starting only now
        assert server.listen()
        time.sleep(busy)  # the window's own start: its thread answers nothing meanwhile
        return await second

    status = aloop.run(race())
    server.close()
    first.unlock()
    return status, received


def test_a_launch_waits_for_a_window_that_is_still_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, aloop: Loop
) -> None:
    """Explorer starts one process per selected file at once: the one that took the lock is
    still starting (not listening yet), so the others must wait and hand over, not open windows."""
    status, received = _late_launch(tmp_path, monkeypatch, aloop, busy=0)
    assert status == 0
    assert received == [["/late.png"]]


def test_macos_file_open_events_become_files(qtbot: QtBot) -> None:
    """Finder's Dock drops and "Open With" arrive as QFileOpenEvent on the application."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    app = QCoreApplication.instance()
    assert app is not None
    opened = instance.FileOpenFilter()
    app.installEventFilter(opened)
    got: list[list[str]] = []
    opened.files_opened.connect(got.append)
    try:
        QCoreApplication.sendEvent(app, QFileOpenEvent("/Users/a/clip.mov"))
    finally:
        app.removeEventFilter(opened)
    assert got == [["/Users/a/clip.mov"]]


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes need QLocalSocket")
def test_a_launch_that_finds_no_window_does_not_load_qtnetwork(tmp_path: Path) -> None:
    # QtNetwork costs start-up time: the window imports it after its first paint, for its server.
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from app.ui.desktop.instance import hand_over; "
            "gone = hand_over(sys.argv[1], ['/a.png'], timeout_ms=200); "
            "print(gone, 'PySide6.QtNetwork' in sys.modules)",
            str(tmp_path / "nobody"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.split() == ["False", "False"], out.stderr[-2000:]


def test_a_window_busy_for_a_moment_gets_the_files_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, aloop: Loop
) -> None:
    """A window that has just begun to listen is busy starting: the launch that sent its files
    waited half a second for "ok", took the silence for no window, and sent them again. The
    window then read both messages and queued every file twice."""
    status, received = _late_launch(tmp_path, monkeypatch, aloop, busy=1.5)
    assert status == 0
    assert received == [["/late.png"]]
