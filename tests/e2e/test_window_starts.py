"""The real entry point opens the window and closes cleanly (what a packaged build is smoke-tested
with): demo mode, a fresh profile, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_main_opens_the_window_in_demo_mode_and_quits_cleanly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = subprocess.run(
        [sys.executable, "main.py", "--demo", "--data-dir", str(tmp_path / "p"),
         "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "p" / "demo-server" / "history.sqlite3").exists()  # demo keeps its own
    assert not (tmp_path / "p" / "history.sqlite3").exists()
