"""Files the app writes are private: folders 0700, files 0600 on POSIX.

The history, the log and the window layout hold source paths, file names, hashes and URLs;
nobody else on the computer needs to read them. Windows keeps per-user ACLs on these folders
already, so nothing is done there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Make ``path`` (and any missing parents) and keep it to its owner.

    Raises OSError like ``mkdir`` when it cannot be made; tightening is best effort (a folder
    owned by someone else is used as it is).
    """
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if _POSIX:
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing, and keep it to its owner (best effort)."""
    if _POSIX:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE_FILE)
    return path


def tighten(path: Path) -> None:
    """Keep an existing file to its owner; a missing one is left missing."""
    if _POSIX:
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(PRIVATE_FILE)
