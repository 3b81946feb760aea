"""``upload URL``: the arguments that are web addresses, downloaded before anything is checked.

Each ``http(s)://`` argument becomes a private file in the cache folder (app/core/download.py,
with its caps, sniffing and deadline), and goes on as that file; the output still names the
address. A few download at a time. What could not be downloaded is a refusal with a sentence.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .core.download import Downloaded, DownloadError, download, is_url, sweep
from .core.reasons import Reason

#: Downloads at the same time: a page of links must not open fifty connections at once.
AT_ONCE = 3


@dataclass
class Fetched:
    paths: list[str] = field(default_factory=list)  # the arguments, addresses replaced by files
    sources: dict[str, str] = field(default_factory=dict)  # downloaded file -> its address
    failures: list[tuple[str, Reason]] = field(default_factory=list)
    downloads: list[Downloaded] = field(default_factory=list)

    def discard(self) -> None:
        for item in self.downloads:
            item.discard()


def downloads_folder(cache: Path) -> Path:
    return cache / "downloads"


async def fetch_arguments(arguments: Sequence[str], cache: Path) -> Fetched:
    fetched = Fetched()
    urls = [a for a in arguments if is_url(a)]
    if not urls:
        fetched.paths = list(arguments)
        return fetched
    folder = downloads_folder(cache)
    sweep(folder)  # what a crash left behind
    gate = asyncio.Semaphore(AT_ONCE)

    async def one(url: str) -> Downloaded | DownloadError:
        async with gate:
            try:
                return await download(url, folder)
            except DownloadError as exc:
                return exc

    results = dict(zip(urls, await asyncio.gather(*(one(u) for u in urls)), strict=True))
    for argument in arguments:
        result = results.get(argument) if is_url(argument) else None
        if result is None:
            fetched.paths.append(argument)
        elif isinstance(result, DownloadError):
            fetched.failures.append((argument, result.why))
        else:
            fetched.paths.append(str(result.path))
            fetched.sources[str(result.path.resolve())] = argument
            fetched.downloads.append(result)
    return fetched
