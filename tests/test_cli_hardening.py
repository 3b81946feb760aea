"""The command line under hostile servers, files and disks (issue 8), run in this process."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import cli
from app.core.history import History
from app.localserver import LocalServer
from tests import rawserver
from tests.helpers import make_png

ROOT = Path(__file__).resolve().parents[1]
KEY = "test-key"  # the local_server fixture's


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIMODELS_API_KEY", KEY)


def upload(*args: str, data: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(["upload", "--data-dir", str(data), *args], out=out)
    return code, out.getvalue()


def png(folder: Path, name: str = "a.png", seed: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(make_png(seed=seed))
    return path


# --- 10. Control characters are escaped before they reach the terminal ---------------------------

EVIL_MSG = "bad \x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07 \x1b[31mred\u202egnp.exe"


def test_a_servers_msg_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.dumps({"code": 400, "msg": EVIL_MSG}).encode()
    with rawserver.serving(rawserver.envelope(body, status=400)) as srv:
        code, out = upload("--base-url", srv.url, str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "bad" in err and "red" in err
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in err and raw not in out
    assert "\\x1b]0;pwned\\x07" in err and "\\u202e" in err


def test_a_file_name_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    evil = folder / "notes\x1b[2J\u202etxt.png"
    evil.write_text("just text, not a picture")
    code, _ = upload("--base-url", "http://127.0.0.1:9", str(evil), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "\x1b" not in err and "\u202e" not in err
    assert "notes\\x1b[2J\\u202etxt.png" in err


# --- 14. Wording ----------------------------------------------------------------------------------


def test_a_wrong_address_names_the_flag_and_the_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = rawserver.envelope(b"<html>hello</html>", status=200)
    with rawserver.serving(page) as srv:
        code, _ = upload("--base-url", srv.url, str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "--base-url" in err and "APIMODELS_BASE_URL" in err
    assert "Check the base URL in Settings" not in err


def test_a_bad_base_url_variable_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIMODELS_BASE_URL", "http://files.example.com")
    code, _ = upload(str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE
    assert "APIMODELS_BASE_URL" in err and "https://" in err
    assert "Traceback" not in err


def test_a_bad_base_url_flag_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = upload("--base-url", "ftp://x", str(png(tmp_path / "in")), data=tmp_path / "d")
    err = capsys.readouterr().err
    assert code == cli.EXIT_USAGE and "--base-url must start with https://" in err


# --- 1 and 2. A damaged, locked, full or read-only history ---------------------------------------


def _media(folder: Path, count: int) -> list[str]:
    return [str(png(folder, f"p{i}.png", seed=i)) for i in range(count)]


def _one_warning_no_traceback(err: str) -> None:
    assert "Traceback" not in err and "ERROR:" not in err
    assert err.count("warning:") == 1, err


def test_a_locked_history_prints_every_url_and_one_warning(
    local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    History(data / "history.sqlite3").close()
    blocker = sqlite3.connect(data / "history.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another program holds it for longer than 2 s
    try:
        code, out = upload("--base-url", local_server.base_url, *_media(tmp_path / "in", 4),
                           data=data)  # fmt: skip
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    err = capsys.readouterr().err
    assert code == cli.EXIT_OK
    assert len(out.split()) == 4 and all(u.startswith(local_server.base_url) for u in out.split())
    _one_warning_no_traceback(err)
    assert "could not be saved to the history" in err and "3 more" in err
    # The warning comes after the URLs' moment: the summary line is last.
    assert err.strip().splitlines()[-1].startswith("4 of 4 uploaded")


def test_a_damaged_history_is_kept_aside_and_the_cli_goes_on(
    local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    path = data / "history.sqlite3"
    history = History(path)
    now = datetime.now(UTC)
    for i in range(300):
        history.add(name=f"{i}-{'n' * 90}.png", size=i, mime="image/png",
                    public_url=f"https://x.test/{i}.png", uploaded_at=now)  # fmt: skip
    history.close()
    raw = bytearray(path.read_bytes())
    raw[8192:20480] = b"\x5a" * 12288
    path.write_bytes(bytes(raw))
    code, out = upload("--base-url", local_server.base_url, *_media(tmp_path / "in", 1), data=data)
    err = capsys.readouterr().err
    assert code == cli.EXIT_OK and out.startswith(local_server.base_url)
    assert "damaged" in err and "kept as" in err and "Traceback" not in err
    assert any(".damaged-" in p.name for p in data.iterdir())
    reopened = History(path)
    assert [r.public_url for r in reopened.recent()] == out.split()
    reopened.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB filesystem (tmpfs), so that full and read-only are the kernel's answers."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("mounting a small filesystem needs root (CI and this machine have it)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_prints_every_url_and_one_warning(
    local_server: LocalServer, small_disk: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    data = small_disk / "d"
    History(data / "history.sqlite3").close()
    # Fill it to the last block.
    with (small_disk / "filler").open("wb") as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 65536)
            filler.flush()
    # Room for the history to open (its -shm and -wal) and take a row or two, not five.
    size = (small_disk / "filler").stat().st_size
    os.truncate(small_disk / "filler", max(0, size - 48 * 1024))
    code, out = upload("--base-url", local_server.base_url, *_media(tmp_path / "in", 5),
                       data=data)  # fmt: skip
    err = capsys.readouterr().err
    assert len(out.split()) == 5
    _one_warning_no_traceback(err)
    assert "could not be saved to the history" in err and "more; their URLs are above" in err
    assert code == cli.EXIT_OK


def test_a_read_only_disk_does_not_advise_throwing_the_history_away(
    local_server: LocalServer, small_disk: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    data = small_disk / "d"
    History(data / "history.sqlite3").close()
    before = (data / "history.sqlite3").read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, out = upload("--base-url", local_server.base_url, *_media(tmp_path / "in", 2),
                       data=data)  # fmt: skip
    err = capsys.readouterr().err
    assert len(out.split()) == 2 and code == cli.EXIT_OK
    _one_warning_no_traceback(err)
    assert "aside" not in err and "new history" not in err and "new one" not in err
    assert "will not be remembered" in err
    assert (data / "history.sqlite3").read_bytes() == before


# --- 4. Finished URLs are never held hostage ------------------------------------------------------


def _start(*args: str, data: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["APIMODELS_API_KEY"] = KEY
    return subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "upload", "--data-dir", str(data), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True,
    )  # fmt: skip


def _history_rows(data: Path) -> int:
    path = data / "history.sqlite3"
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=5)) as db:
            return int(db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0])
    except sqlite3.Error:
        return 0


def _wait_for(predicate: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigterm_prints_what_finished_behind_a_stuck_file(
    local_server: LocalServer, tmp_path: Path
) -> None:
    local_server.faults.stall(60.0, times=1)  # the first file hangs; the 8 others go through
    files = _media(tmp_path / "in", 9)
    data = tmp_path / "d"
    with _start("--concurrency", "3", "--base-url", local_server.base_url, *files,
                data=data) as proc:  # fmt: skip
        _wait_for(lambda: _history_rows(data) == 8)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    urls = out.split()
    assert len(urls) == 8 and all(u.startswith(local_server.base_url) for u in urls)
    assert "Interrupted (SIGTERM)" in err and "8 of 9 uploaded, 1 cancelled" in err
    assert "Traceback" not in err


def test_json_lines_come_as_each_file_finishes_and_sighup_ends_it(
    local_server: LocalServer, tmp_path: Path
) -> None:
    local_server.faults.stall(60.0, times=1)
    files = _media(tmp_path / "in", 5)
    with _start("--json", "--concurrency", "2", "--base-url", local_server.base_url, *files,
                data=tmp_path / "d") as proc:  # fmt: skip
        assert proc.stdout is not None
        early = [json.loads(proc.stdout.readline()) for _ in range(4)]  # before any signal
        proc.send_signal(signal.SIGHUP)
        rest, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGHUP
    assert all("url" in doc for doc in early)
    # The stall takes whichever of the first two PUTs reaches the server first.
    every = {str(Path(f).resolve()) for f in files}
    finished = {doc["path"] for doc in early}
    (stalled,) = every - finished
    assert stalled in {str(Path(f).resolve()) for f in files[:2]}
    (last,) = [json.loads(line) for line in rest.splitlines()]
    assert last == {"path": stalled, "error": "cancelled"}
    assert "Interrupted (SIGHUP)" in err


def test_every_argument_gets_its_line_even_the_same_file_twice(
    local_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = png(tmp_path / "in", "a.png")
    link = tmp_path / "in" / "link.png"
    link.symlink_to(target)
    args = ("--base-url", local_server.base_url, str(target), str(link), str(target))
    code, out = upload("--json", *args, data=tmp_path / "d")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == cli.EXIT_OK and len(lines) == 3
    assert len({doc["url"] for doc in lines}) == 1  # sent once, reported three times
    assert len(local_server.puts) == 1
    code, out = upload(*args, data=tmp_path / "d2")
    assert code == cli.EXIT_OK and len(out.split()) == 3
    assert "3 of 3 uploaded" in capsys.readouterr().err


def test_two_clis_on_one_data_folder_both_finish_and_both_are_remembered(
    local_server: LocalServer, tmp_path: Path
) -> None:
    data = tmp_path / "d"
    one = _media(tmp_path / "one", 6)
    two = [str(png(tmp_path / "two", f"q{i}.png", seed=100 + i)) for i in range(6)]
    with (
        _start("--base-url", local_server.base_url, *one, data=data) as a,
        _start("--base-url", local_server.base_url, *two, data=data) as b,
    ):
        out_a, err_a = a.communicate(timeout=60)
        out_b, err_b = b.communicate(timeout=60)
    assert a.returncode == b.returncode == cli.EXIT_OK, err_a + err_b
    assert "Traceback" not in err_a + err_b
    history = History(data / "history.sqlite3")
    assert {r.public_url for r in history.recent()} == set(out_a.split() + out_b.split())
    assert history.count() == 12
    history.close()
