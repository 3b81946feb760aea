"""The window starts whatever state the history or the environment is in (issue 8, item 1)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.history import History
from app.core.settings import AppPaths
from app.ui.desktop import instance

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(UTC)


def _filled(path: Path, rows: int) -> None:
    history = History(path)
    for i in range(rows):
        history.add(name=f"f{i}-{'n' * 90}.png", size=i, mime="image/png",
                    public_url=f"https://x.test/{i}.png", uploaded_at=NOW)  # fmt: skip
    history.close()


def test_a_damaged_history_does_not_stop_the_window(make_window: Any, profile: AppPaths) -> None:
    _filled(profile.history, 300)
    raw = bytearray(profile.history.read_bytes())
    raw[8192:20480] = b"\x5a" * 12288  # valid header, damaged pages
    profile.history.write_bytes(bytes(raw))
    window = make_window()
    assert window.isVisible()
    text = window.notices.texts()[0]
    assert "damaged" in text and "new one was started" in text
    assert any(".damaged-" in p.name for p in profile.data.iterdir())
    assert window.controller.history is not None
    assert window.controller.history.count() == 0


def test_a_row_with_an_impossible_date_is_skipped(make_window: Any, profile: AppPaths) -> None:
    _filled(profile.history, 3)
    db = sqlite3.connect(profile.history)
    db.execute("UPDATE uploads SET uploaded_at = 9000000000000000 WHERE size = 1")
    db.commit()
    db.close()
    window = make_window()
    assert window.isVisible()
    assert window.controller.model.rowCount() == 2


def test_a_bad_base_url_variable_opens_the_window_and_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        APIMODELS_BASE_URL="http://files.example.com",
    )
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "p"), "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    log = (tmp_path / "p" / "logs" / "uploader.log").read_text()
    assert "APIMODELS_BASE_URL" in log and "The address from Settings is used instead" in log
    # Item 15: a native crash would leave its traceback here.
    assert (tmp_path / "p" / "logs" / "native-crash.log").exists()


def test_a_native_crash_leaves_its_traceback_in_the_log_folder(tmp_path: Path) -> None:
    """Item 15: the next segfault in Qt leaves a Python traceback beside the log."""
    code = (
        "import os, signal, sys; from pathlib import Path\n"
        "from app.ui.desktop.crash import enable_faulthandler\n"
        "enable_faulthandler(Path(sys.argv[1]))\n"
        "def switching_language(): os.kill(os.getpid(), signal.SIGSEGV)\n"
        "switching_language()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "logs")],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == -11
    text = (tmp_path / "logs" / "native-crash.log").read_text()
    assert "Segmentation fault" in text and "switching_language" in text


def test_a_damaged_settings_file_is_said_in_the_language_of_the_window(
    tmp_path: Path, qapp: Any
) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    (profile / "settings.json").write_text('{"language": "zh_CN", ')  # cut off mid-write
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        LANGUAGE="zh_CN",
        LC_ALL="zh_CN.UTF-8",
        APIMODELS_BASE_URL="http://files.example.com",
    )
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(profile), "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = (profile / "logs" / "uploader.log").read_text(encoding="utf-8")
    assert "could not be read" in log  # the details, in English, for whoever reads the log
    from PySide6.QtGui import QFontDatabase

    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        assert (
            "无法读取设置文件" in log and "环境变量 APIMODELS_BASE_URL" in log
        )  # what the window said
    else:  # no font can show Chinese: the window is in English and says what to install
        assert "The settings file" in log and "fonts-noto-cjk" in log


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT/SIGTERM to send on Windows")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_quits_the_window_the_proper_way(
    tmp_path: Path, sig: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl+C in the terminal it was started from used to do nothing until some Python code ran,
    # then printed a KeyboardInterrupt traceback; SIGTERM ended it on the spot, its socket and
    # lock left behind. Both now quit as the window's own Quit does.
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    profile = tmp_path / "p"
    socket = Path(instance.server_name(profile))
    window = subprocess.Popen(
        [sys.executable, "main.py", "--data-dir", str(profile)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not socket.exists() and time.monotonic() < deadline:  # listening: the whole window
            time.sleep(0.05)
        assert socket.exists()
        window.send_signal(sig)
        _, err = window.communicate(timeout=15)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert window.returncode == 128 + sig, err
    assert "Traceback" not in err
    assert not socket.exists() and not Path(f"{socket}.lock").exists()


@pytest.mark.slow
def test_quit_after_with_files_quits_without_a_question(tmp_path: Path) -> None:
    # The smoke test's timer closed the window as a person would: with a file queued, it asked
    # "Quit and cancel them?" of nobody, and waited for ever.
    picture = tmp_path / "clip.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_RUNTIME_DIR=str(tmp_path),
    )
    profile = tmp_path / "p"
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(profile), "--quit-after", "1.5",
         str(picture)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=30, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
