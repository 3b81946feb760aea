"""One 100 MB upload: the CLI against ``curl -T`` of the same file to the same local server.

Run: .venv/bin/python benchmarks/upload_throughput.py [--size-mb 100] [--rounds 3]
Prints wall time and throughput for each round (alternating the two tools so that both see the
same machine noise), the ratio of medians, and the CLI's peak memory for a small and a large file
(memory must not grow with the file: the body is streamed).
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

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "core" / "data" / "media" / "video.mp4"
KEY = "bench-key"


def make_video(path: Path, size: int) -> None:
    """A real MP4's bytes padded to ``size``: it sniffs as video/mp4 and weighs what we ask."""
    head = SAMPLE.read_bytes()
    block = os.urandom(1 << 20)
    with path.open("wb") as out:
        out.write(head)
        left = size - len(head)
        while left > 0:
            out.write(block[: min(left, len(block))])
            left -= len(block)


def start_server(data: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.localserver", "--port", "0", "--api-key", KEY,
         "--data-dir", str(data)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    url = next(word for word in line.split() if word.startswith("http://"))
    return proc, url


def peak_rss_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak RSS (MB) of one command, read by a fresh parent so no earlier child counts."""
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], check=True, env=env, cwd=ROOT,
        capture_output=True, text=True,
    )  # fmt: skip
    return int(out.stdout.strip()) / 1024


def cli_once(base: str, path: Path, data: Path) -> float:
    env = {**os.environ, "APIMODELS_API_KEY": KEY}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "main.py", "upload", "--base-url", base, "--data-dir", str(data),
         str(path)],
        check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - start


def curl_once(base: str, path: Path) -> float:
    # The presign is part of the job for both tools, so it is inside the timed span here too.
    start = time.perf_counter()
    reply = httpx.post(
        f"{base}/api/v1/files",
        headers={"Authorization": f"Bearer {KEY}"},
        json={"filename": path.name, "contentType": "video/mp4", "fileSize": path.stat().st_size},
    ).json()
    subprocess.run(
        ["curl", "-sS", "-f", "-o", "/dev/null", "-T", str(path), "-H", "Content-Type: video/mp4",
         reply["data"]["uploadUrl"]],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("curl is needed for the comparison")
    size = args.size_mb * 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = work / "big.mp4"
        make_video(big, size)
        proc, base = start_server(work / "server")
        try:
            cli_times, curl_times = [], []
            for r in range(args.rounds):
                cli_times.append(cli_once(base, big, work / "profile"))
                curl_times.append(curl_once(base, big))
                a, b = cli_times[-1], curl_times[-1]
                print(f"round {r + 1}: cli {a:.2f} s ({size / a / 1e6:.0f} MB/s)"
                      f"  curl -T {b:.2f} s ({size / b / 1e6:.0f} MB/s)")  # fmt: skip
            cli_med, curl_med = statistics.median(cli_times), statistics.median(curl_times)
            print(f"median: cli {cli_med:.2f} s, curl -T {curl_med:.2f} s, "
                  f"cli/curl time ratio {cli_med / curl_med:.2f}")  # fmt: skip
            # The CLI pays for starting Python and importing its libraries once per run; a
            # one-kilobyte upload measures that, so the transfer itself can be compared too.
            tiny = work / "tiny.mp4"
            make_video(tiny, 1000)
            fixed = statistics.median(cli_once(base, tiny, work / "profile") for _ in range(3))
            tiny_curl = statistics.median(curl_once(base, tiny) for _ in range(3))
            ratio = (cli_med - fixed) / (curl_med - tiny_curl)
            print(f"fixed cost of one run: cli {fixed:.2f} s, curl {tiny_curl:.2f} s; "
                  f"transfer-only ratio {ratio:.2f}")  # fmt: skip

            small = work / "small.mp4"
            make_video(small, 5_000_000)
            env = {**os.environ, "APIMODELS_API_KEY": KEY}
            base_cmd = [sys.executable, "main.py", "upload", "--base-url", base, "--data-dir",
                        str(work / "profile")]  # fmt: skip
            rss_small = peak_rss_mb([*base_cmd, str(small)], env)
            rss_big = peak_rss_mb([*base_cmd, str(big)], env)
            print(f"peak RSS of the CLI: {rss_small:.0f} MB for 5 MB, {rss_big:.0f} MB for "
                  f"{args.size_mb} MB (ratio {rss_big / rss_small:.2f})")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
