"""The whole path as a person would walk it: demo mode running, the CLI uploading to it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
MEDIA = ROOT / "tests" / "core" / "data" / "media"


def test_demo_mode_serves_uploads_from_the_cli(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    demo = subprocess.Popen(
        [sys.executable, "main.py", "--demo", "--headless", "--data-dir", str(tmp_path / "p")],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    try:
        assert demo.stderr is not None
        banner = ""
        while "Ctrl+C" not in banner:
            line = demo.stderr.readline()
            assert line, f"demo mode exited early: {banner}"
            banner += line
        assert "Files stay on this computer" in banner
        command = re.search(r"(APIMODELS_API_KEY=\S+) .* upload --base-url (\S+) FILE", banner)
        assert command is not None, banner
        key = command.group(1).split("=", 1)[1]
        base = command.group(2)

        files = [MEDIA / "image.webp", MEDIA / "video.webm", MEDIA / "audio.mp3"]
        done = subprocess.run(
            [sys.executable, "main.py", "upload", "--base-url", base, "--data-dir",
             str(tmp_path / "cli"), *map(str, files)],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
            env={**env, "APIMODELS_API_KEY": key},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        urls = done.stdout.split()
        assert len(urls) == 3
        for url, path in zip(urls, files, strict=True):
            got = httpx.get(url, timeout=10)
            assert got.status_code == 200
            assert got.content == path.read_bytes()
        # A range request, as a video player makes.
        part = httpx.get(urls[1], headers={"Range": "bytes=0-99"}, timeout=10)
        assert part.status_code == 206 and part.content == files[1].read_bytes()[:100]
    finally:
        demo.send_signal(signal.SIGINT)
        code = demo.wait(timeout=15)
        if demo.stderr is not None:
            demo.stderr.close()
    assert code == 0
