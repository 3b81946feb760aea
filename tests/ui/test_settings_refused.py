"""A settings.json base_url the app will not use is said in the window, not dropped in silence
(issue 16, item 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_an_insecure_saved_base_url_is_said_in_the_window(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    (profile / "settings.json").write_text(json.dumps({"base_url": "http://evil.example.com"}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        LANGUAGE="en",
        LC_ALL="C.UTF-8",
    )
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(profile), "--quit-after", "1.5"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = (profile / "logs" / "uploader.log").read_text(encoding="utf-8")
    assert "'http://evil.example.com' cannot be used" in log  # the details, for the log
    assert "has values that cannot be used (base_url)" in log  # what the window said
