"""The window's folders at start and at quit (issue 16, items 2, 6 and 7).

A data folder that cannot be made, one that is open to others, and one that vanishes while the
window is up (a --data-dir on a USB stick that was pulled out).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from app.core.settings import AppPaths
from app.ui.desktop import crash, instance

ROOT = Path(__file__).resolve().parents[2]


def _env(runtime: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_RUNTIME_DIR=str(runtime),
    )
    return env


def _in_the_way(folder: Path) -> None:
    """The folder is gone and a file has its name: mkdir fails there, as on a pulled-out disk."""
    shutil.rmtree(folder)
    folder.write_bytes(b"")


def test_a_data_dir_that_is_a_file_opens_the_window_and_says_what_it_cannot_keep(
    tmp_path: Path,
) -> None:
    # The layout store's mkdir raised inside MainWindow(): "The window could not start. The
    # details are in the log file in <a file>/logs", a log nobody could write.
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(blocker), "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=_env(tmp_path), timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "could not start" not in done.stderr
    said = done.stderr
    assert f"The folder {blocker} cannot be used (a file has that name)" in said
    assert "settings and the window's size will not be kept" in said
    assert f"No log can be written in {blocker / 'logs'}" in said
    assert "uploads will not be remembered" in said  # the history's own notice
    assert blocker.is_file() and blocker.stat().st_size == 0


def test_a_frame_whose_config_folder_cannot_be_made_still_opens(qtbot: Any, tmp_path: Path) -> None:
    from app.ui.window.mainwindow import MainWindow

    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    frame = MainWindow(paths=AppPaths.resolve(blocker))
    qtbot.addWidget(frame)
    assert isinstance(frame.layout_problem, FileExistsError | NotADirectoryError)
    with qtbot.waitSignal(frame.frame_painted, timeout=5000):
        frame.show()
    frame.hide()  # never built: nothing else would take it down


def test_the_start_up_failure_sentence_names_no_log_folder_when_no_log_was_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    crash.startup_failed(None)
    crash.startup_failed(tmp_path / "logs")
    without, with_log = shown
    assert "log file in" not in without and "no log could be written" in without
    assert str(tmp_path / "logs") in with_log
    assert capsys.readouterr().err.count("error: The window could not start") == 2


def test_quitting_after_the_data_folder_vanished_still_quits(
    make_window: Any, profile: AppPaths, qtbot: Any
) -> None:
    window = make_window()
    _in_the_way(profile.config)
    with qtbot.waitSignal(window.quit_requested, timeout=5000):
        window.close()  # save_layout's mkdir raised here, and quit_requested never came
    assert not window.isVisible() and window.quitting


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="no SIGTERM to send on Windows")
def test_a_window_whose_data_folder_vanished_ends_on_sigterm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window hid, the process stayed, ignored SIGTERM and SIGINT, and later launches handed
    # their files to it.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    data = tmp_path / "stick"
    socket = Path(instance.server_name(data))
    window = subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(data)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert socket.exists()
        _in_the_way(data)
        window.send_signal(signal.SIGTERM)
        _, err = window.communicate(timeout=30)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert window.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert not socket.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_data_folder_open_to_others_is_said_and_left_as_it_is(tmp_path: Path) -> None:
    shared = tmp_path / "project"
    shared.mkdir()
    os.chmod(shared, 0o3775)  # noqa: S103 (a shared project folder: setgid and sticky)
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(shared), "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=_env(tmp_path), timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(shared.stat().st_mode) == 0o3775  # was chmodded to 0700
    assert f"The data folder {shared} can be opened by other users" in done.stderr
    for name in ("history.sqlite3", "window.ini", "logs/uploader.log"):
        assert stat.S_IMODE((shared / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE((shared / "logs").stat().st_mode) & 0o777 == 0o700  # made by the app


def test_a_shutdown_that_blocks_ends_the_process_anyway() -> None:
    # A history on a dead disk can block the GUI thread itself: a thread ends the process.
    code = (
        "import time; from app.ui.desktop.profile import end_anyway\n"
        "end_anyway(lambda: 7, limit=0.3)\n"
        "time.sleep(60)  # the shutdown, blocked\n"
    )
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 7, done.stderr
    assert time.monotonic() - started < 30
    assert "the process ends without it" in done.stderr
