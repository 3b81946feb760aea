"""The duplicate check: a quick fingerprint first, hashing only when it cannot tell, all at once."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import app.ui.control.files_in as controller_module
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the duplicate check hashed (the real hash still runs)."""
    seen: list[str] = []
    real = controller_module.file_sha256

    def counting(path: Any) -> str | None:
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(controller_module, "file_sha256", counting)
    return seen


def done_rows(window: Any) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is RowState.DONE)


def offered(window: Any, aloop: Loop, paths: list[Path]) -> list[str]:
    """Drop the files and return the names the window offered as already uploaded."""
    found: list[str] = []

    def take(items: list[Any]) -> None:
        found.extend(media.name for media, _row in items)

    window.controller.duplicates_found.connect(take)
    window.add_paths([str(p) for p in paths])
    aloop.until(lambda: bool(found))
    window.controller.duplicates_found.disconnect(take)
    window.duplicates_bar.close_button.click()  # "not now": the offer is dismissed
    return sorted(found)


def test_an_unchanged_file_is_known_without_reading_it(
    make_window: Any, aloop: Loop, tmp_path: Path, hashed: list[str], local_server: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    paths = []
    for i in range(3):
        paths.append(tmp_path / f"p{i}.png")
        paths[-1].write_bytes(make_png(12, 12, seed=i))
    window.add_paths([str(p) for p in paths])
    aloop.until(lambda: len(done_rows(window)) == 3)
    time.sleep(0.01)  # the file times below must be later than the uploads

    assert offered(window, aloop, paths) == ["p0.png", "p1.png", "p2.png"]
    assert hashed == []  # same path, size, and not touched since: no byte was read

    later = time.time_ns()
    os.utime(paths[0], ns=(later, later))  # touched, same bytes: only a hash can tell
    assert offered(window, aloop, [paths[0]]) == ["p0.png"]
    assert hashed == ["p0.png"]


def test_same_size_new_bytes_with_the_old_time_put_back_is_not_taken_for_the_old_file(
    make_window: Any, aloop: Loop, tmp_path: Path, hashed: list[str], local_server: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    path = tmp_path / "p.png"
    path.write_bytes(make_png(12, 12, seed=1))
    window.add_paths([str(path)])
    aloop.until(lambda: len(done_rows(window)) == 1)
    old = path.stat()
    time.sleep(0.01)
    replacement = make_png(12, 12, seed=2)
    assert len(replacement) == old.st_size
    path.write_bytes(replacement)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # mtime back; the change time moves
    puts = len(local_server.puts)
    window.add_paths([str(path)])
    aloop.until(lambda: len(done_rows(window)) == 2)
    assert hashed == ["p.png"] and not window.duplicates_bar.isVisible()
    assert len(local_server.puts) == puts + 1


def test_a_file_the_cli_uploaded_is_offered_by_the_window_though_the_cli_hashed_nothing(
    make_window: Any,
    aloop: Loop,
    tmp_path: Path,
    hashed: list[str],
    local_server: Any,
    profile: Any,
) -> None:
    """The CLI computes no SHA-256 (only this check would read it, and a script pays for it):
    the window still knows its uploads, by path, size and file times."""
    from tests.test_cli import cli

    path = tmp_path / "from-cli.png"
    path.write_bytes(make_png(12, 12, seed=7))
    time.sleep(0.01)  # the upload's moment must come after the file's times
    done = cli("upload", "--base-url", local_server.base_url, "--data-dir", str(profile.data),
               str(path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    window = make_window(settings={"auto_copy": False})
    assert offered(window, aloop, [path]) == ["from-cli.png"]
    assert hashed == []
