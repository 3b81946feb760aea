"""Child process for the kill -9 test: uploads a folder and says each URL once it is in history."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from app.core.api import FilesClient
from app.core.history import History
from app.core.media import collect
from app.core.uploads import EngineOptions, Event, JobDone, UploadEngine


async def main(base_url: str, folder: str, history_path: str, crash: str = "") -> None:
    history = History(Path(history_path))
    client = FilesClient(base_url=base_url, api_key="test-key")

    def on_event(event: Event) -> None:
        if isinstance(event, JobDone):
            if crash == "segv":  # a native crash in the first UI work after the PUT
                print("crashing", event.public_url, flush=True)
                os.kill(os.getpid(), signal.SIGSEGV)
            print("done", event.public_url, flush=True)

    engine = UploadEngine(
        client, history=history, options=EngineOptions(concurrency=4), on_event=on_event
    )
    engine.add(collect([folder]).media)
    await engine.wait_idle()
    print("finished", flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
