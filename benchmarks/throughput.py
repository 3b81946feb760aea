"""The CLI against curl, whole runs, into the raw sink (benchmarks/sink.py), optionally over a
slow link (benchmarks/link.py).

Run alone: python benchmarks/throughput.py [--files 10] [--size-mb 100] [--concurrency 1]
    [--rounds 3] [--link] [--etag]
Every round runs both tools one after the other (the order alternates), and medians are reported.

What each tool does, per file, is what a script pays: curl is two processes (``curl -X POST`` for
the presign, then ``curl -T`` for the PUT); the CLI is one process for the whole batch (start-up,
imports, history included). With concurrency N, curl runs N such loops side by side.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def start(cmd: list[str], *, nice: int = 0) -> tuple[subprocess.Popen[str], str]:
    """A helper server; returns it and the base URL it printed on its first line."""
    prefix = ["nice", "-n", str(nice)] if nice else []
    proc = subprocess.Popen(
        [*prefix, sys.executable, *cmd], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    return proc, next(word for word in line.split() if word.startswith(("http://", "https://")))


def stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    proc.wait(timeout=10)


@dataclass
class Run:
    wall: float
    cpu: float  # user + system seconds of the tool's processes
    sink_cpu: float = 0.0  # the sink's, meanwhile (where /proc tells)

    @property
    def cores(self) -> float:
        """How many cores the tool and the sink kept busy on average."""
        return (self.cpu + self.sink_cpu) / self.wall


def _process_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _watching(sink: subprocess.Popen[str], go: Callable[[], Run]) -> Run:
    before = _process_cpu(sink.pid)
    run = go()
    run.sink_cpu = _process_cpu(sink.pid) - before
    return run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def upload_command(
    python: str, entry: Path, base: str, data: Path, concurrency: int, files: list[Path]
) -> list[str]:
    """The CLI's upload of ``files``, as a script would run it."""
    return [
        python,
        str(entry),
        "upload",
        "--base-url",
        base,
        "--data-dir",
        str(data),
        "--concurrency",
        str(concurrency),
        *map(str, files),
    ]


def cli_run(
    app_root: Path,
    base: str,
    files: list[Path],
    concurrency: int,
    data: Path,
    *,
    floor: bool = False,
    ca: Path | None = None,
) -> Run:
    env = {**os.environ, "APIMODELS_API_KEY": KEY, "PYTHONPATH": str(app_root)}
    if ca is not None:  # the sink's CA, as a company's would be: in the trust store OpenSSL reads
        env["SSL_CERT_FILE"] = str(ca)
    entry = ROOT / "benchmarks" / "floor.py" if floor else app_root / "main.py"
    cmd = upload_command(sys.executable, entry, base, data, concurrency, files)
    cpu0, t0 = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, env=env, cwd=app_root, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if out.returncode != 0 or len(out.stdout.split()) != len(files):
        raise RuntimeError(f"the CLI failed: {out.stderr.strip()[-500:]}")
    return Run(wall, cpu)


def _curl_one(base: str, path: Path, ca: Path | None = None) -> None:
    trust = ["--cacert", str(ca)] if ca is not None else []
    doc = json.dumps(
        {"filename": path.name, "contentType": "video/mp4", "fileSize": path.stat().st_size}
    )
    reply = subprocess.run(
        [
            "curl",
            "-sS",
            "-f",
            *trust,
            "-X",
            "POST",
            "-H",
            f"Authorization: Bearer {KEY}",
            "-H",
            "Content-Type: application/json",
            "--data-binary",
            doc,
            f"{base}/api/v1/files",
        ],
        check=True,
        capture_output=True,
    )
    url = json.loads(reply.stdout)["data"]["uploadUrl"]
    subprocess.run(
        [
            "curl",
            "-sS",
            "-f",
            *trust,
            "-o",
            "/dev/null",
            "-T",
            str(path),
            "-H",
            "Content-Type: video/mp4",
            url,
        ],
        check=True,
    )


def curl_run(base: str, files: list[Path], concurrency: int, ca: Path | None = None) -> Run:
    lanes = [files[i::concurrency] for i in range(concurrency)]

    def lane(paths: list[Path]) -> None:
        for path in paths:
            _curl_one(base, path, ca)

    cpu0, t0 = _children_cpu(), time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(lane, lanes))
    return Run(time.perf_counter() - t0, _children_cpu() - cpu0)


@dataclass
class Comparison:
    cli: Run
    curl: Run
    bytes_total: int

    @property
    def ratio(self) -> float:
        return self.curl.wall / self.cli.wall

    def cpu_per_gb(self, run: Run) -> float:
        return run.cpu / (self.bytes_total / 1e9)


def compare(
    app_root: Path,
    files: list[Path],
    concurrency: int,
    rounds: int,
    work: Path,
    *,
    link: bool = False,
    verbose: bool = False,
    etag: bool = False,
    floor: bool = False,
    tls: bool = False,
) -> Comparison:
    """``etag``: the sink answers each PUT with the body's MD5 as its ETag, as S3 and R2 do, so
    the CLI checks it (curl does not). ``floor``: benchmarks/floor.py stands in for the CLI.
    ``tls``: the sink speaks HTTPS with a certificate of a CA made for the run (both tools trust
    it: curl with --cacert, the CLI through SSL_CERT_FILE)."""
    # An installed copy has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE set (as on
    # some CI machines) would otherwise compile the app's modules again on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(app_root / "app")], check=True)
    ca = None
    sink_args = ["benchmarks/sink.py", "--etag", "md5" if etag else "none"]
    if tls:
        ca, cert, key = make_certificate(work / "tls")
        sink_args += ["--tls", str(cert), str(key)]
    sink, base = start(sink_args)
    proxy = None
    try:
        if link:
            proxy, base = start(["benchmarks/link.py", "--to", base.removeprefix("http://")])
        clis: list[Run] = []
        curls: list[Run] = []
        for r in range(rounds):
            data = work / f"profile-{r}"
            cli = functools.partial(
                cli_run, app_root, base, files, concurrency, data, floor=floor, ca=ca
            )
            curl = functools.partial(curl_run, base, files, concurrency, ca)
            if r % 2 == 0:
                clis.append(_watching(sink, cli))
                curls.append(_watching(sink, curl))
            else:
                curls.append(_watching(sink, curl))
                clis.append(_watching(sink, cli))
            shutil.rmtree(data, ignore_errors=True)
            if verbose:
                c, k = clis[-1], curls[-1]
                print(
                    f"  round {r + 1}: cli {c.wall:.2f} s ({c.cpu:.2f} s CPU, sink "
                    f"{c.sink_cpu:.2f}, {c.cores:.2f} cores busy), curl {k.wall:.2f} s "
                    f"({k.cpu:.2f} s CPU, sink {k.sink_cpu:.2f}, {k.cores:.2f} cores busy)",
                    flush=True,
                    file=sys.stderr,
                )
    finally:
        if proxy is not None:
            stop(proxy)
        stop(sink)

    def median(runs: list[Run]) -> Run:
        return Run(
            statistics.median(r.wall for r in runs),
            statistics.median(r.cpu for r in runs),
            statistics.median(r.sink_cpu for r in runs),
        )

    return Comparison(median(clis), median(curls), sum(f.stat().st_size for f in files))


def make_certificate(folder: Path) -> tuple[Path, Path, Path]:
    """A CA of the run's own and a certificate for 127.0.0.1 (trustme, a test dependency)."""
    import trustme

    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca.cert_pem.write_to_path(str(paths[0]))
    leaf.cert_chain_pems[0].write_to_path(str(paths[1]))
    leaf.private_key_pem.write_to_path(str(paths[2]))
    return paths


def make_files(folder: Path, count: int, size: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / f"clip{i:02}.mp4" for i in range(count)]
    for path in files:
        make_video(path, size)
    return files


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--link", action="store_true", help="over a 200 Mbit/s, 40 ms link")
    parser.add_argument("--etag", action="store_true", help="the sink answers with MD5 ETags")
    parser.add_argument("--tls", action="store_true", help="the sink speaks HTTPS")
    parser.add_argument("--floor", action="store_true", help="benchmarks/floor.py, not the CLI")
    parser.add_argument("--app-root", type=Path, default=ROOT, help="another checkout to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = make_files(work / "files", args.files, args.size_mb * 1_000_000)
        result = compare(
            args.app_root.resolve(),
            files,
            args.concurrency,
            args.rounds,
            work,
            link=args.link,
            etag=args.etag,
            floor=args.floor,
            tls=args.tls,
            verbose=True,
        )
    print(
        f"median: cli {result.cli.wall:.2f} s, curl {result.curl.wall:.2f} s, "
        f"curl/cli {result.ratio:.2f}; CPU s/GB cli {result.cpu_per_gb(result.cli):.2f}, "
        f"curl {result.cpu_per_gb(result.curl):.2f}; cores busy (tool and sink) "
        f"cli {result.cli.cores:.2f}, curl {result.curl.cores:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
