"""``history --json`` over a large history: how soon the first line comes, and the whole run.

Run: .venv/bin/python benchmarks/history_stream.py [--rows 100000] [--rounds 3]

The target (issue 17): over 100,000 rows the first line is out within 0.5 s of the process
starting, and the rest streams (the total grows with the rows; the first line does not). Each
round is a fresh process, timed from just before it is started; the medians are printed, with
the first line against the whole run as a ratio.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.history import History  # noqa: E402


def make_history(folder: Path, rows: int) -> None:
    History(folder / "history.sqlite3").close()  # the schema, as the app writes it
    db = sqlite3.connect(folder / "history.sqlite3")
    start = datetime.now(UTC) - timedelta(days=10)
    step = timedelta(days=10) / rows
    with db:
        db.executemany(
            "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at,"
            " source_path, sha256) VALUES (?, ?, 'image/png', ?, ?, ?, ?, ?)",
            (
                (f"photo {i}.png", 1000 + i, f"https://cdn.example/u/{i:08d}.png",
                 int((start + i * step).timestamp() * 1000),
                 int((start + i * step + timedelta(days=7)).timestamp() * 1000),
                 f"/home/someone/Pictures/photo {i}.png", f"{i:064x}")
                for i in range(rows)
            ),
        )  # fmt: skip
    db.close()


def one_run(folder: Path) -> tuple[float, float, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    command = [sys.executable, str(ROOT / "main.py"), "history", "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*command, "--data-dir", str(folder)], stdout=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert proc.stdout is not None
    first_line = proc.stdout.readline()
    first = time.perf_counter() - started
    count = 1 if first_line else 0
    for _line in proc.stdout:
        count += 1
    proc.wait()
    return first, time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_history(folder, args.rows)
        runs = [one_run(folder) for _ in range(args.rounds)]
    first = statistics.median(r[0] for r in runs)
    total = statistics.median(r[1] for r in runs)
    lines = runs[0][2]
    print(f"history --json over {args.rows:,} rows ({args.rounds} fresh processes, medians)")
    print(f"  first line:  {first * 1000:7.0f} ms   target <= 500 ms   met: {first <= 0.5}")
    print(f"  whole run:   {total * 1000:7.0f} ms   ({lines:,} lines)")
    print(f"  first line / whole run: {first / total:.3f}")


if __name__ == "__main__":
    main()
