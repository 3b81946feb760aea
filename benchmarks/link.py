"""A slow link in user space: a TCP proxy that adds a round trip and caps the bandwidth.

Run: python benchmarks/link.py --to 127.0.0.1:PORT [--rtt-ms 40] [--mbit 200]
Prints ``listening on http://127.0.0.1:PORT`` on its first line.

The machine's kernel has no ``netem``, and shaping the shared loopback would slow the other
workers anyway. Each direction holds every chunk for half the round trip, and the upload direction
is let through at the link's rate only (the client's socket buffers fill, as behind a real
bottleneck). A new connection waits one round trip before its first byte moves, as a TCP
handshake does. TCP slow start is not modelled: a fresh connection is cheaper here than on a real
link, which favours a tool that opens one connection per file (curl in a loop).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

CHUNK = 64 * 1024


async def _pipe(
    src: asyncio.StreamReader, dst: asyncio.StreamWriter, delay: float, rate: float | None
) -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
    next_free = 0.0

    async def deliver() -> None:
        while True:
            due, chunk = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                dst.write_eof() if dst.can_write_eof() else dst.close()
                return
            dst.write(chunk)
            await dst.drain()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            chunk = await src.read(CHUNK)
            now = loop.time()
            if rate and chunk:
                start = max(now, next_free)
                next_free = start + len(chunk) / rate
                if next_free - now > 0.002:  # the bottleneck is busy: stop taking bytes
                    await asyncio.sleep(next_free - now)
                now = loop.time()
            queue.put_nowait((now + delay, chunk))
            if not chunk:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()
    finally:
        dst.close()


async def _handle(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    target: tuple[str, int],
    rtt: float,
    rate: float,
) -> None:
    try:
        up_reader, up_writer = await asyncio.open_connection(*target)
    except OSError:
        writer.close()
        return
    await asyncio.sleep(rtt)  # the handshake's round trip
    await asyncio.gather(
        _pipe(reader, up_writer, rtt / 2, rate),
        _pipe(up_reader, writer, rtt / 2, None),
        return_exceptions=True,
    )


async def _main(target: tuple[str, int], rtt: float, rate: float, port: int) -> None:
    server = await asyncio.start_server(
        lambda r, w: _handle(r, w, target, rtt, rate), "127.0.0.1", port
    )
    bound = server.sockets[0].getsockname()[1]
    print(f"listening on http://127.0.0.1:{bound}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--to", required=True, help="host:port of the real server")
    parser.add_argument("--rtt-ms", type=float, default=40.0)
    parser.add_argument("--mbit", type=float, default=200.0)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    host, _, port = args.to.rpartition(":")
    asyncio.run(_main((host, int(port)), args.rtt_ms / 1000, args.mbit * 1e6 / 8, args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
