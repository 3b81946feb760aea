"""python -m app.localserver: the local Files API on this machine, until Ctrl+C."""

from __future__ import annotations

import argparse
import signal
import sys
from types import FrameType

from .server import LocalServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.localserver", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--api-key", default="test-key")
    parser.add_argument("--data-dir", default=None, help="default: a temporary directory")
    args = parser.parse_args(argv)

    server = LocalServer(
        api_key=args.api_key, data_dir=args.data_dir, host=args.host, port=args.port
    )

    def ready(srv: LocalServer) -> None:
        print(f"Local Files API at {srv.base_url} (API key: {args.api_key})", flush=True)

    def terminated(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(0)

    # uvicorn handles SIGTERM itself, then re-raises it once shut down: make that a clean exit.
    signal.signal(signal.SIGTERM, terminated)
    try:
        server.serve_forever(on_ready=ready)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
