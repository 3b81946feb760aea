"""How the desktop starts the app: files as bare arguments, --version, --self-test, and a
windowed Windows exe's missing stdout."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import split_window_files

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "tests" / "core" / "data" / "media"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.update(extra)
    return env


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/home/a/photo.png"], ([], ["/home/a/photo.png"])),
        (["--demo", "a.png", "b.mp4"], (["--demo"], ["a.png", "b.mp4"])),
        (["--data-dir", "/tmp/p", "a.png"], (["--data-dir", "/tmp/p"], ["a.png"])),
        (["--data-dir=/tmp/p", "upload.png"], (["--data-dir=/tmp/p"], ["upload.png"])),
        (["-psn_0_12345", "/Users/a/x.mov"], ([], ["/Users/a/x.mov"])),
        (["--", "--weird-name.png"], ([], ["--weird-name.png"])),
        (["upload", "a.png"], None),
        (["key", "status"], None),
        (["--demo"], None),
        ([], None),
    ],
)
def test_bare_file_arguments_open_the_window(
    argv: list[str], expected: tuple[list[str], list[str]] | None
) -> None:
    assert split_window_files(argv) == expected


def test_version_comes_from_pyproject() -> None:
    import tomllib

    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    done = subprocess.run(
        [sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True,
        timeout=60, env=_env(),
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.strip() == f"apimodels-uploader {wanted}"


def test_self_test_passes_and_names_every_check(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "--self-test"], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=_env(HOME=str(tmp_path)),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("types", "upload", "history", "translations", "icons", "locale", "tls", "keyring"):
        assert f"ok    {name}:" in done.stdout
    assert "Self-test passed" in done.stdout
    assert "Traceback" not in done.stderr


def test_self_test_fails_with_a_sentence_when_a_translation_is_missing(tmp_path: Path) -> None:
    # A bundle with its resources folder damaged: the check must say which file is missing.
    fake = tmp_path / "bundle"
    (fake / "resources").mkdir(parents=True)
    for item in (ROOT / "resources").iterdir():
        if item.name != "translations":
            (fake / "resources" / item.name).symlink_to(item)
    script = (
        "import sys; sys._MEIPASS = sys.argv[1]; from app.selftest import run_self_test; "
        "sys.exit(run_self_test(sys.stdout))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(fake)], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env=_env(),
    )  # fmt: skip
    assert done.returncode == 1
    assert "FAIL  translations: the zh_CN translation is missing or empty" in done.stdout
    assert "Self-test failed: 1 of 10 checks." in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_local_service_starts_without_stdout(tmp_path: Path) -> None:
    """A windowed Windows exe has sys.stdout = None: uvicorn's default logging setup broke there."""
    script = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from app.localserver import LocalServer\n"
        "s = LocalServer(api_key='k-123456', data_dir=sys.argv[1]).start(); s.stop()\n"
        "open(sys.argv[2], 'w').write('started')\n"
    )
    marker = tmp_path / "ok"
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "d"), str(marker)], cwd=ROOT,
        capture_output=True, text=True, timeout=60, env=_env(),
    )  # fmt: skip
    assert done.returncode == 0
    assert marker.read_text() == "started"


def test_window_in_demo_mode_runs_without_std_streams(tmp_path: Path) -> None:
    script = (
        "import sys; sys.stdout = sys.stderr = sys.stdin = None\n"
        "from app.__main__ import main\n"
        "sys.exit(main(['--demo', '--data-dir', sys.argv[1], '--quit-after', '1.5']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "p")], cwd=ROOT, capture_output=True,
        text=True, timeout=60, env=_env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _uploaded_names(history: Path) -> list[str]:
    if not history.exists():
        return []
    with sqlite3.connect(history) as db:
        return [name for (name,) in db.execute("SELECT name FROM uploads")]


def test_a_file_argument_opens_the_window_with_it_queued(tmp_path: Path) -> None:
    """What a .desktop file's Exec=apimodels-uploader %F does: the file is uploaded (demo)."""
    profile = tmp_path / "p"
    done = subprocess.run(
        [sys.executable, "main.py", "--demo", "--data-dir", str(profile), "--quit-after", "4",
         str(MEDIA / "image.png")],
        cwd=ROOT, capture_output=True, text=True, timeout=60, env=_env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _uploaded_names(profile / "demo-server" / "history.sqlite3") == ["image.png"]


def test_a_second_launch_hands_its_files_to_the_open_window(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    env = _env(XDG_RUNTIME_DIR=str(tmp_path))
    first = subprocess.Popen(
        [sys.executable, "main.py", "--demo", "--data-dir", str(profile), "--quit-after", "12"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob("apimodels-uploader-*")):  # the socket
            assert first.poll() is None, first.communicate()[1]
            assert time.monotonic() < deadline, "the first window never listened"
            time.sleep(0.1)
        # No --quit-after: had it opened a window of its own, it would never return in time.
        second = subprocess.run(
            [sys.executable, "main.py", "--demo", "--data-dir", str(profile),
             str(MEDIA / "image.gif"), str(MEDIA / "audio.wav")],
            cwd=ROOT, capture_output=True, text=True, timeout=30, env=env,
        )  # fmt: skip
        assert second.returncode == 0, second.stderr
        history = profile / "demo-server" / "history.sqlite3"
        deadline = time.monotonic() + 20
        while sorted(_uploaded_names(history)) != ["audio.wav", "image.gif"]:
            assert time.monotonic() < deadline, _uploaded_names(history)
            time.sleep(0.1)
    finally:
        first.terminate()
        first.communicate(timeout=30)


def test_many_launches_at_once_make_one_window(tmp_path: Path) -> None:
    """Explorer starts one process per selected file, all at the same moment."""
    profile = tmp_path / "p"
    env = _env(XDG_RUNTIME_DIR=str(tmp_path))
    names = ["image.png", "image.gif", "image.webp", "audio.wav"]
    command = [sys.executable, "main.py", "--demo", "--data-dir", str(profile), "--quit-after"]
    procs = [
        subprocess.Popen(
            [*command, "15", str(MEDIA / name)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in names
    ]
    try:
        history = profile / "demo-server" / "history.sqlite3"
        deadline = time.monotonic() + 40
        while sorted(_uploaded_names(history)) != sorted(names):
            assert time.monotonic() < deadline, _uploaded_names(history)
            time.sleep(0.2)
        # Three of the four handed over and left; one window stays.
        deadline = time.monotonic() + 20
        while sum(p.poll() is None for p in procs) > 1:
            assert time.monotonic() < deadline, "more than one window stayed open"
            time.sleep(0.1)
        assert sum(p.poll() is None for p in procs) == 1
        assert all(p.returncode == 0 for p in procs if p.poll() is not None)
    finally:
        for p in procs:
            p.terminate()
            p.communicate(timeout=30)
