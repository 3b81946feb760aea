"""The CLI in the real shape (issue 18, part 3): HTTPS with MD5 ETags, as R2 answers.

Run: python benchmarks/cli_shape.py --before DIR [--files 10] [--size-mb 100] [--rounds 3]
                                    [--concurrency 1,3,8] [--history-rows 100000]

Measured in one run, for this checkout ("after") and the checkout given with --before:
- 10 files of 100 MB into the raw sink (benchmarks/sink.py) over HTTPS, each PUT answered with the
  body's MD5 as its ETag, against curl (``curl -X POST`` then ``curl -T``, trusting the same CA):
  the wall-time ratio curl/CLI (>= 1.0: the CLI is as fast) at each concurrency, and each tool's
  CPU seconds per GB (user + system of its processes);
- one 1 KB upload with a history of 100,000 rows against one with an empty history (median of the
  rounds, each after one warm-up run so that both are in their steady state).
Rounds alternate which tool (and which checkout) goes first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import throughput  # noqa: E402

ROOT = HERE.parent


def history_with(rows: int, data: Path) -> None:
    """A profile whose history holds ``rows`` uploads, written the way the app writes them."""
    sys.path.insert(0, str(ROOT))
    from app.core.history import History
    from app.core.settings import AppPaths

    path = AppPaths.resolve(data).history
    History(path).close()  # the schema, made by the app
    db = sqlite3.connect(path)
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO uploads (name, size, mime, public_url, uploaded_at, expires_at, "
        "source_path, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                f"photo-{i:06d}.jpg",
                1000 + i,
                "image/jpeg",
                f"https://files.example.com/u/{i:08d}/photo-{i:06d}.jpg",
                1_790_000_000_000 + i * 1000,
                1_790_604_800_000 + i * 1000,
                f"/home/someone/Pictures/photo-{i:06d}.jpg",
                f"{i:064x}",
            )
            for i in range(rows)
        ),
    )
    db.execute("COMMIT")
    db.close()


def one_small_upload(root: Path, base: str, ca: Path, data: Path, small: Path) -> float:
    env = {
        **os.environ,
        "APIMODELS_API_KEY": throughput.KEY,
        "PYTHONPATH": str(root),
        "SSL_CERT_FILE": str(ca),
    }
    cmd = throughput.upload_command(sys.executable, root / "main.py", base, data, 1, [small])
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=root, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the CLI failed: {done.stderr.strip()[-500:]}")
    return took


def history_figures(
    roots: dict[str, Path], rows: int, rounds: int, work: Path
) -> dict[str, tuple[float, float]]:
    ca, cert, key = throughput.make_certificate(work / "tls-history")
    sink, base = throughput.start(
        ["benchmarks/sink.py", "--etag", "md5", "--tls", str(cert), str(key)]
    )
    small = work / "small.mp4"
    throughput.make_video(small, 1024)
    times: dict[tuple[str, str], list[float]] = {}
    try:
        profiles = {}
        for name in roots:
            for kind in ("empty", "full"):
                data = work / f"history-{name}-{kind}"
                if kind == "full":
                    history_with(rows, data)
                profiles[name, kind] = data
                one_small_upload(roots[name], base, ca, data, small)  # warm: steady state
        for r in range(rounds):
            order = list(profiles.items())
            if r % 2:
                order.reverse()
            for (name, kind), data in order:
                took = one_small_upload(roots[name], base, ca, data, small)
                times.setdefault((name, kind), []).append(took)
    finally:
        throughput.stop(sink)
    return {
        name: (
            statistics.median(times[name, "empty"]),
            statistics.median(times[name, "full"]),
        )
        for name in roots
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", default="1,3,8")
    parser.add_argument("--history-rows", type=int, default=100_000)
    parser.add_argument("--skip-sink", action="store_true", help="only the history figures")
    args = parser.parse_args()
    roots = {"before": args.before.resolve(), "after": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_sink:
            files = throughput.make_files(work / "files", args.files, args.size_mb * 1_000_000)
            print(
                f"HTTPS + MD5 ETag sink, {args.files} x {args.size_mb} MB, "
                f"median of {args.rounds} rounds",
                flush=True,
            )
            for concurrency in map(int, args.concurrency.split(",")):
                results = {}
                for name, root in roots.items():
                    results[name] = throughput.compare(
                        root, files, concurrency, args.rounds, work, etag=True, tls=True
                    )
                    shutil.rmtree(work / "tls", ignore_errors=True)
                line = [f"c{concurrency}:"]
                for name, result in results.items():
                    line.append(
                        f"{name} curl/cli {result.ratio:.2f} (cli {result.cli.wall:.2f} s, "
                        f"curl {result.curl.wall:.2f} s), CPU s/GB cli "
                        f"{result.cpu_per_gb(result.cli):.2f} vs curl "
                        f"{result.cpu_per_gb(result.curl):.2f} "
                        f"({result.cpu_per_gb(result.cli) / result.cpu_per_gb(result.curl):.2f}x);"
                    )
                print(" ".join(line), flush=True)
        figures = history_figures(roots, args.history_rows, args.rounds, work)
        for name, (empty, full) in figures.items():
            print(
                f"1 KB upload, history {args.history_rows:,} rows vs empty: {name} "
                f"{full * 1000:.0f} ms vs {empty * 1000:.0f} ms ({full / empty:.2f}x)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
