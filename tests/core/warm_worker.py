"""Child process for the warm-up test: what the first request imports after FilesClient.warm_up."""

from __future__ import annotations

import asyncio
import json
import sys

from app.core.api import FilesClient


async def main(base_url: str, warm: bool) -> None:
    client = FilesClient(base_url=base_url, api_key="test-key")
    if warm:
        await asyncio.get_running_loop().run_in_executor(None, client.warm_up)
    before = set(sys.modules)
    await client.presign(filename="a.png", content_type="image/png", file_size=10)
    await client.aclose()
    print(json.dumps(sorted(set(sys.modules) - before)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2] == "warm"))
