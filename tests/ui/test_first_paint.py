"""The window paints before it opens the keyring or builds its HTTP client.

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

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_nothing_slow_happens_before_the_first_paint(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tests.ui.first_paint_worker", str(tmp_path / "profile")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2, out.stderr[-2000:]
    painted, after = lines[0]["painted"], lines[1]["after"]
    assert painted == {"keyring": 0, "http_clients": 0}
    assert after["keyring"] >= 1 and after["http_clients"] >= 1
