"""A folder only this user can enter, for the single-instance socket, and who is at its other end.

``XDG_RUNTIME_DIR`` when it is there, this user's, private and writable (systemd makes it so);
else the temp folder when it is all that too (macOS's per-user TMPDIR); else a folder of the
app's own in the temp folder, made 0700 and checked: a name anyone can work
out (``/tmp/apimodels-uploader-<uid>``) is safe only when it is a real folder, this user's, and
closed to others. One that is not (another user made it first) is refused, not used: the window
then stands alone rather than hand its files to a stranger. A read-only runtime folder costs
nothing: it is simply not chosen (the lock could never be made there; waiting for it cost 8 s).
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import struct
import sys
import tempfile

UID = os.getuid() if hasattr(os, "getuid") else -1
_LINUX = sys.platform.startswith("linux")


def private_folder() -> str:
    """Where the socket goes; check it with :func:`is_private` before trusting it."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and is_private(runtime):
        return runtime
    temp = tempfile.gettempdir()
    if is_private(temp):
        # macOS gives each user a private TMPDIR: no folder of our own inside it, whose longer
        # path could pass the 104 bytes a Unix socket's path may have there.
        return temp
    folder = os.path.join(temp, f"apimodels-uploader-{UID}")
    with contextlib.suppress(OSError):
        os.mkdir(folder, 0o700)
    with contextlib.suppress(OSError):
        info = os.lstat(folder)
        # Ours (only this user could have made it under our uid), but loosened: close it again.
        if stat.S_ISDIR(info.st_mode) and info.st_uid == UID and info.st_mode & 0o077:
            os.chmod(folder, 0o700)
    return folder


def is_private(folder: str) -> bool:
    """A real folder (not a link), this user's, closed to others, and writable."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == UID
        and not info.st_mode & 0o077
        and os.access(folder, os.W_OK | os.X_OK)
    )


def owned(path: str) -> bool:
    """Whether ``path`` is there and belongs to this user."""
    try:
        return os.lstat(path).st_uid == UID
    except OSError:
        return False


def peer(sock: socket.socket) -> tuple[int, int] | None:
    """The (pid, uid) at the other end of a Unix socket: Linux only (None elsewhere)."""
    if not _LINUX:
        return None
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except OSError:
        return None
    pid, uid, _gid = struct.unpack("3i", raw)
    return pid, uid


def stopped(pid: int) -> bool:
    """Whether process ``pid`` is stopped (SIGSTOP, Ctrl+Z, a debugger): Linux only."""
    if not _LINUX or pid <= 0:
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            raw = handle.read()
    except OSError:
        return False
    # "pid (name) S ...": the name may hold spaces and parentheses; the state follows the last ")".
    state = raw[raw.rfind(b")") + 2 : raw.rfind(b")") + 3]
    return state in (b"T", b"t")
