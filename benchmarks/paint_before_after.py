"""First paint, before and after: this checkout and another, alternated in one run.

Run: python benchmarks/paint_before_after.py --before DIR [--rounds 7]
DIR is a checkout of the code to compare with (``git archive <commit> | tar -x -C DIR``).
Each round starts, for each checkout in turn, a bare QMainWindow, the app's frame and the whole
window (bars and list) with first_paint.py (this checkout's, for both, so that both are seen the
same way), each in a fresh process with a fresh profile on the offscreen platform, both
checkouts' bytecode compiled first. Prints, per checkout, the medians of the wall time from the
process's start to the paint and of the process's CPU time until then, each also as a ratio to
that checkout's bare window. On a loaded machine the CPU figures are the ones to read: the wall
includes waiting for a core.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("bare", "app", "whole")


def once(root: Path, kind: str) -> tuple[float, float]:
    """(wall ms, CPU ms) to the first paint of ``kind`` in a fresh process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as data:
        out = subprocess.run(
            [sys.executable, str(HERE / "first_paint.py"), kind, "--data-dir", data,
             "--app-root", str(root)],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
    wall = [line for line in out.stdout.splitlines() if line.startswith("painted ")]
    cpu = [line for line in out.stderr.splitlines() if line.startswith("cpu ")]
    if not wall or not cpu:
        raise RuntimeError(f"first_paint.py {kind} failed: {out.stderr[-800:]}")
    return float(wall[0].split()[1]) * 1000, float(cpu[0].split()[1]) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    roots = {"before": args.before.resolve(), "after": HERE.parent}
    for root in roots.values():
        compileall.compile_dir(root / "app", quiet=1)  # as an installed copy has it
    got: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.rounds):
        for name, root in roots.items():
            for kind in KINDS:
                got.setdefault((name, kind), []).append(once(root, kind))
    print(f"({os.cpu_count()} CPUs; {args.rounds} rounds, alternated; medians)")
    print("| checkout | window | wall | / bare | CPU | / bare |")
    print("|---|---|---|---|---|---|")
    for name in roots:
        bare_wall = statistics.median(w for w, _ in got[(name, "bare")])
        bare_cpu = statistics.median(c for _, c in got[(name, "bare")])
        for kind in KINDS:
            wall = statistics.median(w for w, _ in got[(name, kind)])
            cpu = statistics.median(c for _, c in got[(name, kind)])
            print(
                f"| {name} | {kind} | {wall:.0f} ms | {wall / bare_wall:.2f} | {cpu:.0f} ms "
                f"| {cpu / bare_cpu:.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
