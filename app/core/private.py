"""Files the app writes are private: folders it makes 0700, files 0600 on POSIX.

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
    """Make ``path`` (and any missing parents) 0700; a folder already there is left as it is.

    Raises OSError like ``mkdir`` when it cannot be made. Only the folders made here are the
    app's: an existing one may be ``/tmp`` or a shared project folder given as ``--data-dir``,
    and changing its mode would lock others out or drop its sticky bit. The app's own files in
    it are kept private instead (:func:`private_file`, :func:`tighten`).
    """
    missing: list[Path] = []
    here = path
    while not here.is_dir() and here != here.parent:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        # The mode is masked by the umask, which can only take bits away: never wider than 0700.
        # (The XDG base directory spec asks for 0700 on the folders it makes, parents too.)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_DIR, exist_ok=True)  # a file in the way: mkdir's own error
    return path


def open_to_others(path: Path) -> bool:
    """Whether other users can list ``path`` (POSIX): then the names in it can be seen."""
    if not _POSIX:
        return False
    try:
        return bool(path.stat().st_mode & 0o044)
    except OSError:
        return False


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
