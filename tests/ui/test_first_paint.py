"""The window paints before it opens the keyring, builds its HTTP client or imports its bulk.

A behaviour, not a timing: a fresh process starts the real window and counts, at its first paint,
the calls into the keyring (whose lookup imports every backend, D-Bus and cryptography included)
and the HTTP clients built (httpx loads the certificate store). Both must be zero then, and must
have happened once the window settled, which shows the counting works.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _first_paint(profile: Path, *options: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.ui.first_paint_worker", str(profile), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2, out.stderr[-2000:]
    return lines


@pytest.mark.slow
def test_nothing_slow_happens_before_the_first_paint(tmp_path: Path) -> None:
    lines = _first_paint(tmp_path / "profile")
    painted, after = lines[0]["painted"], lines[1]["after"]
    assert painted == {"keyring": 0, "http_clients": 0}
    assert after["keyring"] >= 1 and after["http_clients"] >= 1


@pytest.mark.slow
def test_the_window_is_painted_before_the_bulk_of_the_app_is_imported(tmp_path: Path) -> None:
    # The frame (title, size, theme) is what a person waits for; the controller, the list, the
    # actions and the loop they run on are built into it on the next turn.
    lines = _first_paint(tmp_path / "profile")
    assert lines[0]["loaded"] == []
    assert lines[1]["after"]["keyring"] >= 1  # the app went on to start once it had painted


@pytest.mark.slow
def test_started_from_the_command_line_it_is_painted_before_the_bulk_too(tmp_path: Path) -> None:
    # main.py goes through app.cli, whose upload command needs asyncio, httpx and the engine.
    lines = _first_paint(tmp_path / "profile", "--through-cli")
    assert lines[0]["loaded"] == []
    assert lines[0]["painted"] == {"keyring": 0, "http_clients": 0}


@pytest.mark.slow
def test_a_window_closed_as_soon_as_it_appears_still_quits(tmp_path: Path) -> None:
    # Its frame is closed before the controller exists: the app must still shut down, not hang.
    lines = _first_paint(tmp_path / "profile", "--close-at-first-paint")
    assert lines[1] == {"returned": 0}


@pytest.mark.slow
def test_a_file_opened_before_the_window_is_built_is_kept(tmp_path: Path) -> None:
    # macOS hands over a file dropped on the Dock icon as an event, possibly before the list exists.
    picture = tmp_path / "clip.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    lines = _first_paint(tmp_path / "profile", "--open", str(picture))
    assert lines[1]["rows"] == 1


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the launch speaks AF_UNIX, as on Linux/macOS")
def test_a_window_on_its_way_out_takes_no_files(tmp_path: Path) -> None:
    # A launch that hears "ok" exits; a window that has begun to quit would drop its files (and
    # show itself again for a moment). It must not answer: the launch then waits for the lock and
    # opens a window of its own.
    picture = tmp_path / "clip.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    lines = _first_paint(tmp_path / "profile", "--hand-over-at-quit", str(picture))
    assert lines[1] == {"returned": 0, "handed": [False]}
