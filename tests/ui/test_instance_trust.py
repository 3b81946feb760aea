"""Who may be at the other end of the single-instance socket, and what a launch waits for
(issue 16, item 5). Real sockets, real processes; another user is uid 65534 (root drops to it)."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.ui.desktop import instance, runtime
from tests.ui.conftest import Loop

ROOT = Path(__file__).resolve().parents[2]
STRANGER = 65534  # nobody

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="playing another user needs root (CI and this machine have it)",
)
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_PEERCRED, /proc")


@pytest.fixture
def no_runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No XDG_RUNTIME_DIR (a cron job, su, ssh without a session); a temp folder of the test's."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    temp = tmp_path / "tmp"
    temp.mkdir()
    os.chmod(temp, 0o1777)  # noqa: S103 (what /tmp is)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def test_without_a_runtime_folder_the_socket_is_in_a_private_folder(
    no_runtime_dir: Path, tmp_path: Path
) -> None:
    # It was /tmp/apimodels-uploader-<hash>: a name anyone could work out and bind first.
    name = instance.server_name(tmp_path / "p")
    folder = Path(name).parent
    assert folder.parent == no_runtime_dir
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert Path(instance.socket_path(name)) == Path(name)


def test_a_runtime_folder_open_to_others_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_runtime_dir: Path
) -> None:
    shared = tmp_path / "shared-runtime"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # noqa: S103 (XDG_RUNTIME_DIR=/tmp, as some set it)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    name = instance.server_name(tmp_path / "p")
    assert Path(name).parent.parent == no_runtime_dir


def test_a_private_temp_folder_is_used_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """macOS's TMPDIR is per user and 0700: the socket goes straight in (a folder of our own
    inside it could take the path past the 104 bytes a Unix socket may have there)."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    temp = tmp_path / "T"
    temp.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    name = instance.server_name(tmp_path / "p")
    assert Path(name).parent == temp


@as_root
def test_a_folder_squatted_by_another_user_is_refused(
    no_runtime_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, qtbot: Any
) -> None:
    squatted = no_runtime_dir / f"apimodels-uploader-{os.getuid()}"
    squatted.mkdir(mode=0o700)
    os.chown(squatted, STRANGER, STRANGER)
    name = instance.server_name(tmp_path / "p")
    assert Path(name).parent == squatted
    assert stat.S_IMODE(squatted.stat().st_mode) == 0o700 and squatted.stat().st_uid == STRANGER
    assert instance.hand_over(name, ["/home/me/secret.png"]) is False
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="apimodels.ui.instance"):
        lock = instance.claim(name, ["/home/me/secret.png"])
    assert lock is not None  # a window of its own, standing alone
    assert time.monotonic() - started < 5
    assert "no private folder" in caplog.text
    os.chmod(squatted, 0o777)  # noqa: S103 (the squatter opens it to all: still not ours)
    server = instance.InstanceServer(name)
    assert server.listen() is False  # it never listens where the folder's owner could answer
    assert not Path(name).exists()


_SQUATTER = """
import os, socket, sys
path, uid = sys.argv[1], int(sys.argv[2])
server = socket.socket(socket.AF_UNIX)
server.bind(path)
os.setgid(uid); os.setuid(uid)  # listens as another user (SO_PEERCRED is taken at listen())
server.listen()
print("ready", flush=True)
server.settimeout(20)
conn, _ = server.accept()
conn.settimeout(3)
got = b""
try:
    while chunk := conn.recv(65536):
        got += chunk
        conn.sendall(b"ok\\n")
except OSError:
    pass
print(repr(got), flush=True)
"""


@as_root
@linux
def test_a_socket_answered_by_another_user_gets_no_files(tmp_path: Path) -> None:
    # A squatter that answered "ok" received the paths, and the launch exited with no window.
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    path = str(folder / "apimodels-uploader-test")
    squatter = subprocess.Popen(
        [sys.executable, "-c", _SQUATTER, path, str(STRANGER)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert squatter.stdout is not None
        assert squatter.stdout.readline().strip() == "ready"
        assert instance.hand_over(path, ["/home/me/secret.png"]) is False
        out, _ = squatter.communicate(timeout=30)
    finally:
        if squatter.poll() is None:
            squatter.kill()
        squatter.communicate()
    assert "secret" not in out and out.strip() == "b''"


_STOPPABLE = """
import socket, sys
from PySide6.QtCore import QLockFile
path = sys.argv[1]
lock = QLockFile(path + ".lock")
assert lock.tryLock(0)
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen()
print("ready", flush=True)
server.settimeout(60)
conn, _ = server.accept()
conn.settimeout(2)
got = b""
try:
    while chunk := conn.recv(65536):
        got += chunk
except OSError:
    pass
print(repr(got), flush=True)
"""


@pytest.fixture
def stopped_window(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """A first window that holds the lock and listens, then is stopped (SIGSTOP)."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    path = str(folder / "apimodels-uploader-test")
    first = subprocess.Popen([sys.executable, "-c", _STOPPABLE, path], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "ready"
        first.send_signal(signal.SIGSTOP)
        os.waitpid(first.pid, os.WUNTRACED)  # stopped for sure: the signal lands when it runs
        yield path, first
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGCONT)
            first.kill()
        first.communicate()  # and its pipe closed


@linux
def test_a_launch_behind_a_stopped_window_opens_its_own_at_once(
    stopped_window: tuple[str, subprocess.Popen[str]],
) -> None:
    # It waited 15 s for an answer, then 8 s for the lock: 23 s before a window, and the files
    # went to the stopped one as well, to be queued when it woke.
    path, first = stopped_window
    script = (
        "import sys, time; from PySide6.QtCore import QCoreApplication; "
        "app = QCoreApplication([]); from app.ui.desktop.instance import claim; "
        "t = time.monotonic(); lock = claim(sys.argv[1], ['/late.png']); "
        "print(lock is not None, round(time.monotonic() - t, 2))"
    )
    second = subprocess.run([sys.executable, "-c", script, path], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
    opened, seconds = second.stdout.split()
    assert opened == "True", second.stderr
    assert float(seconds) < 5, seconds  # 23 s before; well under a second unloaded
    first.send_signal(signal.SIGCONT)
    out, _ = first.communicate(timeout=30)
    assert "/late.png" not in out  # the stopped window, woken, has nothing to queue twice


def test_stopped_knows_a_stopped_process(
    stopped_window: tuple[str, subprocess.Popen[str]],
) -> None:
    _path, first = stopped_window
    if not sys.platform.startswith("linux"):
        assert runtime.stopped(first.pid) is False
        return
    assert runtime.stopped(first.pid)
    assert not runtime.stopped(os.getpid())


@pytest.fixture
def read_only_runtime(tmp_path: Path) -> Iterator[Path]:
    """A real read-only filesystem as XDG_RUNTIME_DIR (a tmpfs remounted read-only)."""
    mount = tmp_path / "runtime"
    mount.mkdir(mode=0o700)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)],
        capture_output=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip("mounting a small filesystem needs root (CI and this machine have it)")
    try:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_runtime_folder_costs_nothing(
    read_only_runtime: Path,
    no_runtime_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # 8 s on every start, a false "another window holds the lock", and no single instance.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(read_only_runtime))
    name = instance.server_name(tmp_path / "p")
    assert not name.startswith(str(read_only_runtime))
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="apimodels.ui.instance"):
        lock = instance.claim(name, ["/a.png"])
    assert lock is not None and lock.isLocked()  # the single instance holds
    assert time.monotonic() - started < 4  # 8 s before; milliseconds now
    assert "another window" not in caplog.text
    lock.unlock()


_STRANGER_SENDS = """
import os, socket, sys
os.setgid(int(sys.argv[2])); os.setuid(int(sys.argv[2]))
with socket.socket(socket.AF_UNIX) as sock:
    sock.settimeout(5)
    sock.connect(sys.argv[1])
    try:
        sock.sendall(b'{"files": ["/root/secret.png"]}\\n')
        print(repr(sock.recv(64)))
    except OSError as exc:  # the window hung up on it: the point
        print(type(exc).__name__)
"""


@as_root
@linux
def test_the_window_takes_no_files_from_another_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any, aloop: Loop
) -> None:
    """Behind the private folder, a second check: were the socket reachable (a folder or socket
    mode loosened by hand), another user could still have any file of ours uploaded."""
    # Outside pytest's own 0700 folders, which the other user could not pass through.
    folder = Path(tempfile.mkdtemp(prefix="apimodels-trust-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    server = instance.InstanceServer(instance.server_name(tmp_path / "p"))
    assert server.listen()
    os.chmod(folder, 0o755)  # noqa: S103 (the slip this test plays)
    os.chmod(server.name, 0o777)  # noqa: S103
    received: list[list[str]] = []
    server.files_received.connect(received.append)

    async def send() -> str:
        import asyncio

        loop = asyncio.get_running_loop()
        done = await loop.run_in_executor(
            None,
            lambda: subprocess.run(
                [sys.executable, "-c", _STRANGER_SENDS, server.name, str(STRANGER)],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ),
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    try:
        reply = aloop.run(send())
        aloop.settle(0.2)
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    assert not reply.startswith("b'ok")  # no "ok": a hang-up or silence
    assert received == []
