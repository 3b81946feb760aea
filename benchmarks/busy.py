"""The window under load, before and after (issue 18): one run, the two checkouts alternated.

Run: python benchmarks/busy.py --before DIR [--rounds 1] [--size-mb 100] [--files 10000]
                                [--rows 100000] [--only list]
DIR is a checkout of the code to compare with (``git worktree add /tmp/base <commit>``).
Figures, each in a fresh process (window_figures.py, busy_figures.py), offscreen Qt:
- 8 x size uploads into an HTTPS sink that answers with MD5 ETags (tls_sink.py, R2's shape): the
  longest gap of a 5 ms GUI timer, its p99, the GUI thread's CPU per GB;
- N small files dragged over the window, then dropped while they upload into the same sink;
- a history of R rows, all of them in the list: the load, sort, Select all, a filter switch, the
  countdown tick and the resident memory (``--only list``: these alone, about 15 s a round).
``benchmarks/run.py --only busy`` prints the same figures for one checkout in its table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import throughput  # noqa: E402

PYTHON = sys.executable

#: (key, label, unit, goal as a test, goal as words)
FIGURES = [
    ("up_worst_ms", "8 x {size} MB over HTTPS + MD5: longest GUI-thread gap", "ms", 50, "<= 50 ms"),
    ("up_p99_ms", "  the same: p99 of the 5 ms timer's gaps", "ms", 16.7, "<= 16.7 ms"),
    ("up_cpu_per_gb", "  the same: GUI thread's CPU per GB", "s/GB", None, "report"),
    ("up_seconds", "  the same: until all 8 are done", "s", None, "report"),
    ("drag_enter_ms", "{files} files dragged over: drag-enter handler", "ms", 16, "<= 16 ms"),
    ("drop_queued_s", "{files} files dropped while uploading: all queued", "s", 1.0, "<= 1 s"),
    ("drop_worst_ms", "  the same: longest GUI gap", "ms", 50, "<= 50 ms"),
    ("drop_p99_ms", "  the same: GUI gaps p99", "ms", 16.7, "<= 16.7 ms"),
    ("drop_gui_share", "  the same: GUI thread's share of a core", "", None, "report"),
    ("drop_rate", "  the same: files uploaded per second", "/s", None, "report"),
    ("list_gap_ms", "{rows} rows: longest GUI gap while they load", "ms", 50, "<= 50 ms"),
    ("list_sort_ms", "  the same: click on a column header", "ms", 50, "<= 50 ms"),
    ("list_select_ms", "  the same: Select all", "ms", 50, "<= 50 ms"),
    ("list_sort_cpu_ms", "  the same: header click, GUI thread's CPU", "ms", 50, "<= 50 ms"),
    ("list_select_cpu_ms", "  the same: Select all, GUI thread's CPU", "ms", 50, "<= 50 ms"),
    ("list_filter_ms", "  the same: filter switch", "ms", 50, "<= 50 ms"),
    ("list_filter_cpu_ms", "  the same: filter switch, GUI thread's CPU", "ms", 50, "<= 50 ms"),
    ("list_search_ms", "  the same: a search typed or cleared", "ms", 50, "<= 50 ms"),
    ("list_search_cpu_ms", "  the same: search, GUI thread's CPU", "ms", 50, "<= 50 ms"),
    ("list_tick_ms", "  the same: countdown tick, median", "ms", 5, "<= 5 ms"),
    ("list_tick_max_ms", "  the same: countdown tick, longest", "ms", None, "report"),
    ("list_rss_mib", "  the same: resident memory", "MiB", 200, "<= 200 MiB"),
    ("list_rows", "  the same: rows in the list", "", None, "report"),
]


def _json(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{cmd[1]} failed: {out.stderr[-800:]}")
    return dict(json.loads(lines[-1]))


def measure(
    app_root: Path, base: str, ca: Path, size_mb: int, files: int, rows: int, list_only: bool
) -> dict[str, float]:
    """One round of every figure for one checkout."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SSL_CERT_FILE": str(ca)}
    root = ["--app-root", str(app_root)]
    listed = _json([PYTHON, str(HERE / "busy_figures.py"), "list", *root, "--rows", str(rows)], env)
    figures = {
        "list_gap_ms": listed["load_worst_gap_ms"],
        "list_sort_ms": listed["sort_ms"],
        "list_select_ms": listed["select_all_ms"],
        "list_sort_cpu_ms": listed["sort_cpu_ms"],
        "list_select_cpu_ms": listed["select_all_cpu_ms"],
        "list_filter_ms": listed["filter_ms"],
        "list_filter_cpu_ms": listed["filter_cpu_ms"],
        "list_search_ms": listed["search_ms"],
        "list_search_cpu_ms": listed["search_cpu_ms"],
        "list_tick_ms": listed["tick_median_ms"],
        "list_tick_max_ms": listed["tick_max_ms"],
        "list_rss_mib": listed["rss_mib"],
        "list_rows": listed["rows_listed"],
    }
    if list_only:
        return figures
    up = _json(
        [PYTHON, str(HERE / "window_figures.py"), "uploads", *root, "--base-url", base,
         "--size-mb", str(size_mb)], env,
    )  # fmt: skip
    drop = _json(
        [PYTHON, str(HERE / "busy_figures.py"), "drop", *root, "--base-url", base,
         "--files", str(files)], env,
    )  # fmt: skip
    gigabytes = 8 * size_mb / 1000
    return {
        "up_worst_ms": up["worst_ms"],
        "up_p99_ms": up["p99_ms"],
        "up_cpu_per_gb": up["gui_thread_cpu_share"] * up["seconds"] / gigabytes,
        "up_seconds": up["seconds"],
        "drag_enter_ms": drop["drag_enter_ms"],
        "drop_queued_s": drop["queued_s"],
        "drop_worst_ms": drop["worst_ms"],
        "drop_p99_ms": drop["p99_ms"],
        "drop_gui_share": drop["gui_thread_cpu_share"],
        "drop_rate": drop["uploaded_per_s"],
        **figures,
    }


def start_sink(work: Path) -> tuple[subprocess.Popen[str], str, Path]:
    """The HTTPS sink at a low priority: it stands in for a server far away."""
    ca = work / "ca.pem"
    proc, base = throughput.start(["benchmarks/tls_sink.py", "--ca-file", str(ca)], nice=10)
    return proc, base, ca


def run(
    roots: dict[str, Path], rounds: int, size_mb: int, files: int, rows: int, list_only: bool
) -> dict[str, dict[str, float]]:
    results: dict[str, list[dict[str, float]]] = {name: [] for name in roots}
    with tempfile.TemporaryDirectory() as tmp:
        sink, base, ca = start_sink(Path(tmp))
        try:
            for n in range(rounds):
                for name, root in roots.items():  # alternated, round by round
                    print(f"round {n + 1}: {name}", file=sys.stderr, flush=True)
                    results[name].append(measure(root, base, ca, size_mb, files, rows, list_only))
        finally:
            throughput.stop(sink)
    return {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }


def _fmt(value: float, unit: str) -> str:
    if unit in ("ms", "MiB"):
        return f"{value:.1f} {unit}"
    if unit in ("s", "s/GB"):
        return f"{value:.2f} {unit}"
    if unit == "/s":
        return f"{value:.0f}/s"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def table(
    before: dict[str, float], after: dict[str, float], size: int, files: int, rows: int
) -> str:
    lines = [
        "| figure | before | after | after / before | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for key, label, unit, goal, words in FIGURES:
        if key not in after:
            continue  # --only list
        b, a = before[key], after[key]
        ratio = f"{a / b:.2f}" if b else "-"
        met = "-" if goal is None else ("yes" if a <= goal else "no")
        name = label.format(size=size, files=f"{files:,}", rows=f"{rows:,}")
        lines.append(f"| {name} | {_fmt(b, unit)} | {_fmt(a, unit)} | {ratio} | {words} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=("list",), help="the long history's figures alone")
    args = parser.parse_args()
    roots = {"before": args.before.resolve(), "after": HERE.parent}
    got = run(roots, args.rounds, args.size_mb, args.files, args.rows, args.only == "list")
    print(f"({os.cpu_count()} CPUs; {args.rounds} round(s); medians)")
    print(table(got["before"], got["after"], args.size_mb, args.files, args.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
