"""Start-up to the first window: the frozen bundle against the app run from source.

    xvfb-run -a .venv/bin/python benchmarks/frozen_startup.py [--rounds 7] [--bundle dist/...]

Each round starts both (alternating which goes first), each with a fresh profile, and times
from process start until the window is mapped on the X server (``xdotool search --sync``).
Prints the median of each and the ratio frozen / source, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "APIModels Uploader"


def time_to_window(command: list[str], profile: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("APIMODELS_")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(
        APIMODELS_API_KEY="benchmark-key-000000",
        APIMODELS_DATA_DIR=str(profile),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    started = time.monotonic()
    app = subprocess.Popen(
        [*command, "--quit-after", "20"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        subprocess.run(
            [shutil.which("xdotool") or "xdotool", "search", "--sync", "--onlyvisible",
             "--name", TITLE],
            check=True, stdout=subprocess.DEVNULL, timeout=60,
        )  # fmt: skip
        return time.monotonic() - started
    finally:
        app.terminate()
        app.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "apimodels-uploader")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("run it under a display: xvfb-run -a python benchmarks/frozen_startup.py")
        return 2
    frozen = [str(args.bundle / "apimodels-uploader")]
    source = [sys.executable, str(ROOT / "main.py")]
    times: dict[str, list[float]] = {"frozen": [], "source": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.rounds):
            order = [("frozen", frozen), ("source", source)]
            for name, command in order if i % 2 == 0 else order[::-1]:
                times[name].append(time_to_window(command, Path(tmp) / f"{name}-{i}"))
    frozen_median = statistics.median(times["frozen"])
    source_median = statistics.median(times["source"])
    print(f"rounds: {args.rounds} (alternating), time from process start to the mapped window")
    for name in ("frozen", "source"):
        values = ", ".join(f"{t * 1000:.0f}" for t in times[name])
        print(f"  {name:6}: median {statistics.median(times[name]) * 1000:6.0f} ms  [{values}]")
    print(f"  ratio frozen / source: {frozen_median / source_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
