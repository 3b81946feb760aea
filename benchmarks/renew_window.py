"""Renew 100 links from the window: the GUI thread's longest stall while it runs, and the time.

Run: .venv/bin/python benchmarks/renew_window.py [--rows 100] [--size-kb 200]

The target (issue 17): renewing 100 rows keeps the window responsive, the longest stall of the
GUI thread at or under 50 ms. The local service runs in a process of its own (at a low priority,
standing in for a server far away); the window, offscreen, holds 100 history rows that expire
within the day, each with its file on disk, and "Renew all expiring" (1 day) renews them: the
files are hashed, uploaded again and folded into their rows. A 5 ms timer on the GUI thread
measures the gaps (benchmarks/window_figures.py's Gaps).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from window_figures import Gaps, _on_qt_loop, make_window  # noqa: E402


def start_server(folder: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "app.localserver", "--api-key", "bench-key",
         "--data-dir", str(folder)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, line.split(" at ")[1].split()[0]


def seed(work: Path, rows: int, size: int) -> None:
    from PySide6.QtGui import QImage

    from app.core.history import History

    files = work / "files"
    files.mkdir()
    history = History(work / "profile" / "history.sqlite3")
    now = datetime.now(UTC)
    for i in range(rows):
        side = max(8, int((size / 3) ** 0.5))  # noise barely compresses: about size bytes
        image = QImage(
            os.urandom(side * side * 3), side, side, side * 3, QImage.Format.Format_RGB888
        )
        path = files / f"ref-{i:03}.png"
        image.save(str(path))
        data = path.read_bytes()
        history.add(
            name=path.name, size=len(data), mime="image/png",
            public_url=f"https://old.example/{i}.png",
            uploaded_at=now - timedelta(days=6, hours=18, minutes=i),
            source_path=str(path), sha256=hashlib.sha256(data).hexdigest(),
        )  # fmt: skip
    history.close()


def more_history(path: Path, count: int) -> None:
    """Older rows that are not due for renewal: live with 2 to 5 days left, a fifth expired."""
    import sqlite3

    now = datetime.now(UTC)
    rows = []
    for i in range(count):
        age = timedelta(days=9) if i % 5 == 0 else timedelta(days=2) + i * timedelta(days=3) / count
        ms = int((now - age).timestamp() * 1000)
        rows.append((f"older-{i:05}.png", 1000 + i, "image/png",
                     f"https://files.example/{i:05}.png", ms, ms + 7 * 86_400_000))  # fmt: skip
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--size-kb", type=int, default=200)
    parser.add_argument(
        "--history", type=int, default=0, help="older rows in the list too (10000: a long history)"
    )
    parser.add_argument(
        "--plain", action="store_true", help="the reference: upload the same files as new rows"
    )
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server, base = start_server(work / "server")
        try:
            seed(work, args.rows, args.size_kb * 1024)
            if args.history:
                more_history(work / "profile" / "history.sqlite3", args.history)
            controller, _window = make_window(work, base, expiry_notice=False)
            controller.start()
            controller.warm_up()  # as the app does after its first paint (the client, httpx)
            gaps = Gaps()

            async def run() -> dict[str, float]:
                await asyncio.sleep(0.5)
                gaps.start()
                began = time.perf_counter()
                if args.plain:
                    from app.core.media import Media, inspect

                    files = sorted((work / "files").iterdir())
                    media = [m for m in map(inspect, files) if isinstance(m, Media)]
                    asked = len(controller.enqueue(media))
                else:
                    asked = controller.renew_expiring(timedelta(days=1))

                def finished() -> bool:
                    rows = controller.model.rows
                    renewed = sum(bool(r.url and r.url.startswith(base)) for r in rows)
                    # A renewal is finished once folded: the list is back to one row per file.
                    return renewed >= asked and (
                        args.plain or len(rows) <= args.rows + args.history
                    )

                while not finished():  # noqa: ASYNC110 (polled, as the person would look)
                    await asyncio.sleep(0.01)
                took = time.perf_counter() - began
                gaps.stop()
                return {"rows": asked, "took_s": took, "worst_ms": gaps.worst_ms,
                        "p99_ms": gaps.p99_ms}  # fmt: skip

            result = _on_qt_loop(app, run(), controller)
        finally:
            server.terminate()
            server.wait(10)
    print(json.dumps(result))
    print(
        f"{'plain upload of' if args.plain else 'renew'} {result['rows']:.0f} rows of "
        f"{args.size_kb} KB from the window ({args.history:,} more rows in the list): "
        f"{result['took_s']:.2f} s; GUI thread longest stall {result['worst_ms']:.0f} ms "
        f"(target <= 50 ms, met: {result['worst_ms'] <= 50}), p99 {result['p99_ms']:.1f} ms",
        flush=True,
    )
    os._exit(0)


if __name__ == "__main__":
    main()
