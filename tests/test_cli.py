"""The command line as a script would use it: a real process against the local service."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.history import History
from app.localserver import LocalServer
from tests.helpers import make_png

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "tests" / "core" / "data" / "media"


def cli(
    *args: str, key: str | None = "test-key", cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    if key is not None:
        env["APIMODELS_API_KEY"] = key
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    out = tmp_path / "in"
    out.mkdir()
    picks = [MEDIA / "image.png", MEDIA / "video.mp4", MEDIA / "audio.wav", MEDIA / "image.jpg"]
    return [Path(shutil.copy(p, out / p.name)) for p in picks]


def test_urls_come_out_in_input_order_and_serve_the_same_bytes(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(tmp_path / "d"),
               *map(str, files))  # fmt: skip
    assert done.returncode == 0, done.stderr
    urls = done.stdout.split()
    assert len(urls) == len(files)
    for url, path in zip(urls, files, strict=True):
        got = httpx.get(url, timeout=10)
        assert got.content == path.read_bytes()
        assert url.endswith(path.suffix)
    types = [local_server.object_content_type(u) for u in urls]
    assert types == ["image/png", "video/mp4", "audio/wav", "image/jpeg"]
    history = History(tmp_path / "d" / "history.sqlite3")
    assert {r.public_url for r in history.recent()} == set(urls)
    history.close()


def test_refusals_are_sentences_and_make_the_exit_status_1(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    note = tmp_path / "notes.png"
    note.write_text("shopping list\n")
    done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(tmp_path / "d"),
               str(files[0]), str(note), str(tmp_path / "missing.mp3"))  # fmt: skip
    assert done.returncode == 1
    assert len(done.stdout.split()) == 1
    assert "notes.png is not an image, video or audio file (it looks like plain text)." in (
        done.stderr
    )
    assert "missing.mp3 could not be found" in done.stderr
    assert "1 of 3 uploaded, 2 refused. The URLs work until " in done.stderr


def test_json_gives_one_object_per_file(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    done = cli("upload", "--json", "--base-url", local_server.base_url, "--data-dir",
               str(tmp_path / "d"), str(files[0]), str(bad), str(files[1]))  # fmt: skip
    assert done.returncode == 1
    # Each line names its file and goes out as soon as it is known (issue 8, item 4): a refusal
    # first, the uploads as they finish.
    by_path = {d["path"]: d for d in (json.loads(line) for line in done.stdout.splitlines())}
    assert sorted(by_path) == sorted([str(files[0]), str(bad), str(files[1])])
    assert by_path[str(files[0])]["url"].startswith(local_server.base_url)
    assert "error" in by_path[str(bad)] and "bad.mp4" in by_path[str(bad)]["error"]
    expires = datetime.fromisoformat(by_path[str(files[1])]["expiresAt"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(UTC) <= timedelta(days=7)


def test_folders_are_walked_for_media(local_server: LocalServer, tmp_path: Path) -> None:
    folder = tmp_path / "shoot"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.png").write_bytes(make_png(seed=1))
    (folder / "sub" / "a.png").write_bytes(make_png(seed=2))
    (folder / "readme.txt").write_text("hello")
    done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(tmp_path / "d"),
               str(folder))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.split()) == 2
    assert "Skipped 1 file" in done.stderr


def test_direct_mode(local_server: LocalServer, files: list[Path], tmp_path: Path) -> None:
    done = cli("upload", "--direct", "--base-url", local_server.base_url, "--data-dir",
               str(tmp_path / "d"), str(files[0]))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [r.mode for r in local_server.api_requests] == ["direct"]
    assert local_server.puts == []


def test_a_wrong_key_fails_with_a_sentence_and_never_shows_the_key(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    secret = "sk-wrong-SECRET-4242"
    done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(tmp_path / "d"),
               *map(str, files), key=secret)  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("The API key was refused") == 1
    assert "The key came from APIMODELS_API_KEY" in done.stderr
    assert secret not in done.stderr + done.stdout
    for file in (tmp_path / "d").rglob("*"):
        if file.is_file():
            assert secret.encode() not in file.read_bytes()


def test_no_key_is_a_usage_error(local_server: LocalServer, files: list[Path]) -> None:
    done = cli("upload", "--base-url", local_server.base_url, str(files[0]), key=None)
    assert done.returncode == 2
    assert "no API key" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("upload",),
        ("upload", "--concurrency", "0", "x.png"),
        ("upload", "--base-url", "ftp://x", "a"),
    ],
)
def test_bad_usage_exits_2(args: tuple[str, ...]) -> None:
    done = cli(*args)
    assert done.returncode == 2
    assert done.stderr.strip()


def test_unreachable_service_fails_after_bounded_retries(files: list[Path], tmp_path: Path) -> None:
    done = cli("upload", "--base-url", "http://127.0.0.1:9", "--data-dir", str(tmp_path / "d"),
               str(files[0]))  # fmt: skip
    assert done.returncode == 1
    assert "Could not connect" in done.stderr


def test_progress_is_shown_on_a_terminal_only(local_server: LocalServer, tmp_path: Path) -> None:
    import pty

    big = tmp_path / "big.png"
    from tests.helpers import big_png

    big_png(big, 3_000_000)
    local_server.faults.stall(0.4)
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["APIMODELS_API_KEY"] = "test-key"
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "upload", "--base-url", local_server.base_url,
         "--data-dir", str(tmp_path / "d"), str(big)],
        stdout=subprocess.PIPE, stderr=follower, env=env, cwd=ROOT, text=True,
    ) as proc:  # fmt: skip
        os.close(follower)
        out, _ = proc.communicate(timeout=60)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(leader)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert "\r" in shown and "1/1 done" not in out
    assert "of 2.9 MB" in shown
    assert out.strip().startswith(local_server.base_url)


def test_key_command_saves_to_the_keyring_only(tmp_path: Path) -> None:
    # The child process uses the same in-memory keyring class; each process has its own store,
    # so this checks the wording and that no file anywhere gets the key.
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "key", "set"],
        input="sk-never-on-disk-77\n", capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "no secure keyring" in done.stderr and "APIMODELS_API_KEY" in done.stderr
    assert "sk-never-on-disk-77" not in done.stderr + done.stdout
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"sk-never-on-disk-77" not in file.read_bytes()
    status = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "key", "status"],
        capture_output=True, text=True, env={**env, "APIMODELS_API_KEY": "k"}, cwd=ROOT,
        timeout=60,
    )  # fmt: skip
    assert status.returncode == 0 and "from the environment" in status.stdout


def test_a_refused_key_with_parallel_uploads_still_reports_every_file(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    local_server.faults.stall(0.2, times=4)
    done = cli("upload", "--json", "--concurrency", "3", "--base-url", local_server.base_url,
               "--data-dir", str(tmp_path / "d"), *map(str, files), key="wrong")  # fmt: skip
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    # JSON lines go out as each file is settled (issue 8, item 4), so in any order.
    assert sorted(d["path"] for d in lines) == sorted(str(f) for f in files)
    assert all("API key was refused" in d["error"] for d in lines)
    assert "0 of 4 uploaded, 4 failed." in done.stderr


def test_ctrl_c_cancels_what_runs_and_keeps_what_finished(
    local_server: LocalServer, files: list[Path], tmp_path: Path
) -> None:
    import signal

    local_server.faults.stall(0.0, times=1)  # the first file goes at once
    local_server.faults.stall(30.0, times=3)  # the others hang until interrupted
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["APIMODELS_API_KEY"] = "test-key"
    with subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "upload", "--concurrency", "1", "--base-url",
         local_server.base_url, "--data-dir", str(tmp_path / "d"), *map(str, files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        while len(local_server.puts) < 2:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert first.startswith(local_server.base_url) and rest == ""
    assert "Interrupted" in err and "Traceback" not in err
    history = History(tmp_path / "d" / "history.sqlite3")
    assert [r.public_url for r in history.recent()] == [first]
    history.close()


def test_no_display_gets_a_sentence_not_a_qt_abort(tmp_path: Path, monkeypatch: Any) -> None:
    import io

    from app import cli

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(cli.sys, "platform", "linux")
    err = io.StringIO()
    monkeypatch.setattr(cli.sys, "stderr", err)
    monkeypatch.setattr(cli.sys, "argv", ["/usr/bin/apimodels-uploader"])  # as installed
    assert cli.main(["--data-dir", str(tmp_path)]) == cli.EXIT_USAGE
    assert "no display" in err.getvalue()
    # The command the person ran, not the source tree's "python main.py".
    assert "'apimodels-uploader --help' lists the commands" in err.getvalue()
    assert "main.py" not in err.getvalue()
