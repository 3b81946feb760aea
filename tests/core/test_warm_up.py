"""The window's first upload imports nothing on the GUI thread: FilesClient.warm_up, run in a
worker thread after the first paint, has imported what httpcore's first pooled request needs
(anyio and its asyncio backend: a 45-70 ms freeze of the window otherwise)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.localserver import LocalServer

ROOT = Path(__file__).resolve().parents[2]


def first_request_imports(base_url: str, warm: bool) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-m", "tests.core.warm_worker", base_url, "warm" if warm else "cold"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_after_the_warm_up_the_first_request_imports_nothing(local_server: LocalServer) -> None:
    cold = first_request_imports(local_server.base_url, warm=False)
    assert any(name.startswith("anyio") for name in cold)  # what the warm-up is there for
    assert first_request_imports(local_server.base_url, warm=True) == []
