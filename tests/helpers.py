"""Small real files and a running loop for tests that need them."""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def make_png(width: int = 4, height: int = 3, seed: int = 0) -> bytes:
    """A valid RGB PNG; different seeds give different bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00"
        + b"".join(
            bytes(((x * 40 + seed) % 256, (y * 60 + seed // 256) % 256, 128)) for x in range(width)
        )
        for y in range(height)
    )
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def big_png(path: Path, size: int, seed: int = 0) -> Path:
    """A PNG header followed by filler up to ``size`` bytes: sniffs as PNG, weighs what we ask."""
    head = make_png(seed=seed)
    filler = bytes((i * 7 + seed) % 251 for i in range(65536))
    with path.open("wb") as handle:
        handle.write(head)
        left = size - len(head)
        while left > 0:
            piece = filler[: min(left, len(filler))]
            handle.write(piece)
            left -= len(piece)
    return path


def run(coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
    return asyncio.run(asyncio.wait_for(coro, timeout))


def settled(window: Any) -> None:
    """Wait until the engine's thread has run every command the window gave it so far (the
    history's writes happen there, in order): then the history can be read from outside."""
    window.controller.worker.call(lambda: None)
