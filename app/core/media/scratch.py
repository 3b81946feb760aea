"""The private folder where cleaned and fitted copies wait for their upload.

Each process gets a folder of its own, named for its process id, under the app's cache folder:
``<cache>/outgoing/<pid>``. At start a process removes the folders of processes that are gone, so a
crash or a kill leaves nothing behind for longer than the next start. Files are 0600, folders 0700.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from app.core.private import private_dir

__all__ = ["Scratch"]


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # Windows: a process's folder is only swept when its files are not open any more.
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Scratch:
    """This process's folder of outgoing copies (made on first use)."""

    def __init__(self, cache: Path) -> None:
        self.root = cache / "outgoing"
        self._mine: Path | None = None

    @property
    def folder(self) -> Path:
        if self._mine is None:
            self._mine = private_dir(self.root / str(os.getpid()))
        return self._mine

    def new_file(self, suffix: str) -> Path:
        """A new empty private file in this process's folder."""
        fd, name = tempfile.mkstemp(suffix=suffix, dir=self.folder)
        os.close(fd)
        return Path(name)

    def sweep_stale(self) -> int:
        """Remove the folders of processes that no longer run; how many went."""
        gone = 0
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.root):
                if not entry.name.isdigit() or _alive(int(entry.name)):
                    continue
                shutil.rmtree(entry.path, ignore_errors=True)
                gone += not os.path.exists(entry.path)
        return gone

    def remove_all(self) -> None:
        """At quit: this process's copies are not needed any more."""
        if self._mine is not None:
            shutil.rmtree(self._mine, ignore_errors=True)
            self._mine = None

    @staticmethod
    def discard(path: Path | None) -> None:
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink()
