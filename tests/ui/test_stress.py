"""Language and palette switched hundreds of times while uploads start and finish, in a child
process under ``-X faulthandler`` so a native crash shows its traceback (issue 8, item 15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_switching_language_and_palette_during_uploads_never_crashes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(ROOT / "tests" / "ui" / "stress_worker.py"),
         str(tmp_path), "400", "60"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=110, check=False,
    )  # fmt: skip
    assert "Fatal Python error" not in done.stderr, done.stderr[-4000:]
    assert done.returncode == 0, done.stdout + done.stderr[-4000:]
    assert "switches=400 done=60 history=60" in done.stdout
