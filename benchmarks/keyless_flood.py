"""The local service under a keyless flood: its memory and whether a request with the key still
goes through (issue 16, item 9).

Run: python benchmarks/keyless_flood.py [--app-root DIR] [--connections N] [--idle N]
Starts the local service in a child process (as demo mode runs it inside the window's), then
  1. N connections (150) each send a 4.4 MB body to POST /api/v1/files without a key, all at once;
  2. N idle connections (1,100) that never finish their headers are opened and held;
  3. a presign with the right key is timed while they are held.
Prints the child's resident memory before and at its peak, the keyless answers, how many idle
connections the service kept, and the keyed request's outcome and time. ``--app-root`` runs
another copy of the code (an older commit checked out elsewhere) for a before/after.
"""

from __future__ import annotations

import contextlib
import json
import resource
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BODY = 4_400_000
CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from app.localserver import LocalServer
with LocalServer(api_key="bench-key") as srv:
    print(srv.base_url, flush=True)
    time.sleep(600)
"""


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _hwm_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    args = sys.argv[1:]
    root = (
        args[args.index("--app-root") + 1]
        if "--app-root" in args
        else str(Path(__file__).resolve().parents[1])
    )
    connections = int(args[args.index("--connections") + 1]) if "--connections" in args else 150
    idle = int(args[args.index("--idle") + 1]) if "--idle" in args else 1100
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4096)), hard))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, root],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard)),
    )
    try:
        assert child.stdout is not None
        base = child.stdout.readline().strip()
        host, port = base.removeprefix("http://").split(":")
        before = _rss_mb(child.pid)
        answers: list[str] = []

        def keyless() -> None:
            try:
                with socket.create_connection((host, int(port)), 60) as sock:
                    sock.sendall(
                        b"POST /api/v1/files HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        + f"\r\nContent-Length: {BODY}\r\n\r\n".encode()
                    )
                    with contextlib.suppress(OSError):
                        sock.sendall(b"{" * BODY)
                    reply = sock.recv(64)
                    answers.append(reply.split(b" ", 2)[1].decode() if reply else "closed")
            except OSError as exc:
                answers.append(type(exc).__name__)

        started = time.monotonic()
        threads = [threading.Thread(target=keyless) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        flood_s = time.monotonic() - started
        peak = _hwm_mb(child.pid)

        held: list[socket.socket] = []
        for _ in range(idle):
            try:
                sock = socket.create_connection((host, int(port)), 5)
                sock.sendall(b"POST /api/v1/files HTTP/1.1\r\nHost: x\r\n")
                held.append(sock)
            except OSError:
                break
        time.sleep(1.0)
        kept = 0
        for sock in held:
            sock.setblocking(False)
            try:
                kept += sock.recv(1) != b""
            except BlockingIOError:
                kept += 1
            except OSError:
                pass
        started = time.monotonic()
        try:
            with socket.create_connection((host, int(port)), 30) as sock:
                body = json.dumps({"filename": "a.png", "contentType": "image/png"}).encode()
                sock.sendall(
                    b"POST /api/v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer bench-key"
                    + f"\r\nContent-Type: application/json\r\nContent-Length: {len(body)}".encode()
                    + b"\r\n\r\n"
                    + body
                )
                sock.settimeout(30)
                reply = sock.recv(65536)
                keyed = reply.split(b" ", 2)[1].decode() if reply else "closed"
        except OSError as exc:
            keyed = type(exc).__name__
        keyed_s = time.monotonic() - started
        for sock in held:
            sock.close()
        counts = {a: answers.count(a) for a in sorted(set(answers))}
        print(
            f"memory: {before:.0f} MB before, {peak:.0f} MB peak after {connections} keyless "
            f"4.4 MB bodies ({flood_s:.1f} s; answers {counts})"
        )
        print(f"idle connections: {len(held)} opened, {kept} still open after 1 s")
        print(f"request with the key while they are held: {keyed} in {keyed_s:.2f} s")
    finally:
        child.kill()
        child.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
