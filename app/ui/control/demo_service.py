"""The demo's local service on the same port every time, so demo URLs outlive a restart.

A demo URL names the port of the service that made it (http://127.0.0.1:PORT/public/…). The
service used to take any free port at each start, and every URL from an earlier session was
dead while its row still said "Done" with a working Copy. Now the port is kept beside the demo's
files and asked for again. When another program holds it, the service takes another port and the
rows from earlier sessions are pointed at it: it serves the same files by the same paths.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from app.ui.table.rows import Row

PORT_FILE = "port"
HOST = "127.0.0.1"


def _remembered(folder: Path) -> int | None:
    try:
        port = int((folder / PORT_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return port if 1024 <= port <= 65535 else None


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def start(folder: Path, api_key: str) -> tuple[Any, int | None]:
    """The started service, and the port it had to leave (None: its own port, or a first start)."""
    from app.localserver import LocalServer  # only demo mode needs it

    folder.mkdir(parents=True, exist_ok=True)
    wanted = _remembered(folder)
    server = None
    if wanted is not None and _free(wanted):
        with contextlib.suppress(OSError):  # taken between the probe and the start
            server = LocalServer(api_key=api_key, data_dir=folder, host=HOST, port=wanted).start()
    if server is None:
        server = LocalServer(api_key=api_key, data_dir=folder, host=HOST).start()
    if server.port != wanted:
        with contextlib.suppress(OSError):  # next time, this port; a read-only disk: any port
            (folder / PORT_FILE).write_text(str(server.port), encoding="ascii")
    moved = wanted if wanted is not None and wanted != server.port else None
    return server, moved


def repoint(rows: Iterable[Row], base_url: str) -> list[Row]:
    """Demo URLs of an earlier port, pointed at the service's port now (same files, same paths)."""
    here = urlsplit(base_url)
    changed = []
    for row in rows:
        if not row.url:
            continue
        parts = urlsplit(row.url)
        if parts.hostname == HOST and parts.port != here.port and parts.path.startswith("/public/"):
            row.url = f"{here.scheme}://{here.netloc}{parts.path}"
            changed.append(row)
    return changed
