"""One window per user and profile: a second launch hands its files to the first and exits.

"Open with", a double-click on an associated file, Send to and a drop on the app's icon all start
a new process with file paths. If a window is already open for the same profile, that process
connects to it over a local socket (a Unix socket in the user's runtime folder, or a named pipe on
Windows), sends the paths as one JSON line, waits for "ok", and exits. The window queues them and
comes to the front.

On Linux and macOS the later launch connects with Python's own AF_UNIX socket: QLocalServer
listens on a Unix socket at the full path, and QtNetwork costs start-up time a launch that only
hands its files over does not need. The window imports QtNetwork after its first paint.

Whoever answers on that socket gets the paths of the files, and whoever sends on it gets files
uploaded and published: the socket lives in a folder only this user can enter
(:mod:`app.ui.desktop.runtime`), and on Linux each end checks the other's uid (SO_PEERCRED)
before anything is handed over. A window that is stopped (SIGSTOP, a debugger) gets nothing:
the launch opens its own at once instead of waiting for an answer that cannot come.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QDir, QEvent, QLockFile, QObject, Signal
from PySide6.QtGui import QFileOpenEvent

from app.ui.desktop import runtime

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger("apimodels.ui.instance")

MAX_MESSAGE = 1024 * 1024  # ~5,000 long paths; anything bigger is not from us
HANDOVER_TIMEOUT_MS = 2000
# Once the files are sent, a window took them or will: it may be busy starting, but a second
# message would queue every file twice. Only a hung window is given up on.
REPLY_TIMEOUT_MS = 15000
#: Whether this platform delivers files as QFileOpenEvent (macOS: the Dock icon, "Open with"),
#: so that the window listens for them. A Python filter on the whole application sees every
#: event of every widget, and made building the window's list 15-20 ms slower (PySide sets up
#: a Python type for each widget class the first time one passes through it): elsewhere no such
#: event comes, and no filter is installed.
FILE_OPEN_EVENTS = sys.platform == "darwin"


def server_name(data_dir: Path) -> str:
    """The same name for the same person and profile, whatever the mode of the window: files
    opened from the desktop while a demo window is up go to it, not to a second window that
    asks for a key (the window can leave demo mode for a real key: Controller.leave_demo)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    seed = f"{user}\0{os.path.realpath(data_dir)}"
    name = "apimodels-uploader-" + hashlib.sha256(seed.encode()).hexdigest()[:16]
    if sys.platform == "win32":
        return name  # a named pipe; QLocalServer's UserAccessOption keeps it to this user
    # A folder only this user can enter: no one else can squat on, read or write the socket.
    return os.path.join(runtime.private_folder(), name)


def _message(files: Sequence[str]) -> bytes:
    return json.dumps({"files": list(files)}).encode() + b"\n"


def parse_message(raw: bytes) -> list[str] | None:
    """The paths in a message from another launch, or None for anything malformed."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return [f for f in files if f and "\0" not in f]


def socket_path(name: str) -> str:
    """Where QLocalServer listens on Unix for ``name``: a full path as is, else in the temp dir."""
    return name if os.path.isabs(name) else QDir.temp().filePath(name)


def hand_over(name: str, files: Sequence[str], timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
    """Give the files to a window already open under ``name``; False when there is none."""
    return _send(name, files, timeout_ms) is True


def _send(name: str, files: Sequence[str], timeout_ms: int) -> bool | None:
    """True: a window has the files. False: no window (or one that must not get them: another
    user's, a stopped one). None: sent, but no answer (hung)."""
    if sys.platform == "win32":  # a named pipe: only QLocalSocket speaks it
        return _send_qt(name, files, timeout_ms)
    import socket

    path = socket_path(name)
    if not runtime.is_private(os.path.dirname(path)) or not runtime.owned(path):
        return False  # nothing there, or not ours to talk to
    reply = b""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.settimeout(timeout_ms / 1000)
            sock.connect(path)
        except OSError:  # no socket file, nobody listening
            return False
        peer = runtime.peer(sock)
        if peer is not None:
            pid, uid = peer
            if uid != runtime.UID:
                log.warning("the single-instance socket belongs to user %s; nothing sent", uid)
                return False
            if runtime.stopped(pid):  # it would never answer, and take the files when resumed
                log.warning("the window (process %s) is stopped; opening another", pid)
                return False
        try:
            sock.sendall(_message(files))
        except OSError:
            return False
        deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
        try:
            sock.settimeout(0.25)
            # The window answers once it has the files: only then may this process go.
            while b"\n" not in reply:
                try:
                    chunk = sock.recv(64)
                except TimeoutError:
                    if time.monotonic() > deadline or (peer and runtime.stopped(peer[0])):
                        return None
                    continue
                if not chunk:
                    break
                reply += chunk
        except OSError:
            return None
    return reply.startswith(b"ok")  # closed without "ok": a window on its way out


def _send_qt(name: str, files: Sequence[str], timeout_ms: int) -> bool | None:
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(QByteArray(_message(files)))
    if not socket.waitForBytesWritten(timeout_ms):
        socket.abort()
        return False
    # The window answers once it has the files: only then may this process go.
    reply = b""
    while b"\n" not in reply and socket.waitForReadyRead(REPLY_TIMEOUT_MS):
        reply += bytes(socket.readAll().data())
    if b"\n" not in reply and socket.state() == QLocalSocket.LocalSocketState.ConnectedState:
        socket.abort()
        return None
    socket.disconnectFromServer()
    return reply.startswith(b"ok")


def claim(name: str, files: Sequence[str], wait: float = 8.0) -> QLockFile | None:
    """Become the one window (the lock, held until the window closes), or hand the files over.

    Explorer starts one process per selected file, all at once: only the process that takes the
    lock opens a window; the others wait for its socket and hand over. Returns None when the
    files went to another window. A lock whose owner died is taken over (QLockFile checks the
    PID); if the owner hangs past ``wait``, this process opens a window anyway rather than lose
    the files.
    """
    sent = _send(name, files, HANDOVER_TIMEOUT_MS)
    if sent:
        return None
    lock = QLockFile(socket_path(name) + ".lock")
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    if sys.platform != "win32" and not runtime.is_private(os.path.dirname(socket_path(name))):
        log.warning("no private folder for the single-instance socket; this window stands alone")
        return lock
    deadline = time.monotonic() + wait
    while not lock.tryLock(100):
        if lock.error() != QLockFile.LockError.LockFailedError:
            # Not held by another: the folder cannot be written (read-only, full). Waiting
            # cannot help, and no other window is there to wait for.
            log.warning("the single-instance lock cannot be made (%s)", lock.error().name)
            return lock
        # Never twice to a window that got them but did not answer: it would queue them twice.
        if sent is not None and (sent := _send(name, files, 500)):
            return None
        if _holder_stopped(lock):
            log.warning("the window holding the lock is stopped; opening another")
            return lock
        if time.monotonic() > deadline:
            log.warning("another window holds the lock but does not answer; opening anyway")
            return lock
    return lock


def _holder_stopped(lock: QLockFile) -> bool:
    info = lock.getLockInfo()
    return bool(info and info[0]) and runtime.stopped(int(info[0]))


class InstanceServer(QObject):
    """Listens for later launches; emits the files they bring (possibly none: just show me)."""

    files_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)
        self._buffers: dict[int, bytes] = {}

    def listen(self) -> bool:
        folder = os.path.dirname(socket_path(self.name))
        if sys.platform != "win32" and not runtime.is_private(folder):
            # Another user's folder (made first under our name): whoever owns it could read or
            # replace the socket, and send files for this window to publish.
            log.warning("no private folder for the single-instance socket; not listening")
            return False
        if self._server.listen(self.name):
            return True
        # A socket file left by a crashed window: nobody answered hand_over(), so it is stale.
        self._server.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("no single-instance socket: %s", self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _on_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
            if not _same_user(socket):  # it could have any file of ours uploaded and published
                log.warning("a connection from another user on the single-instance socket")
                socket.abort()
                socket.deleteLater()
                continue
            key = id(socket)
            self._buffers[key] = b""
            socket.readyRead.connect(lambda s=socket, k=key: self._on_ready_read(s, k))
            # C++ slots only from here on: the socket may be gone by the time Python would run.
            socket.disconnected.connect(socket.deleteLater)
            socket.destroyed.connect(lambda _obj=None, k=key: self._buffers.pop(k, None))

    def _on_ready_read(self, socket: QLocalSocket, key: int) -> None:
        data = self._buffers.get(key, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            log.warning("a message on the single-instance socket was too large; dropped")
            socket.abort()
            return
        if b"\n" not in data:
            self._buffers[key] = data
            return
        self._buffers[key] = b""
        files = parse_message(data.split(b"\n", 1)[0])
        if files is None:
            log.warning("a malformed message on the single-instance socket was ignored")
            socket.abort()
            return
        socket.write(QByteArray(b"ok\n"))
        socket.flush()
        self.files_received.emit(files)


def _same_user(socket: QLocalSocket) -> bool:
    """Whether the peer runs as this user (Linux: SO_PEERCRED; elsewhere the folder decides)."""
    if sys.platform == "win32":
        return True
    import socket as pysocket

    fd = int(socket.socketDescriptor())
    if fd < 0:
        return False
    with pysocket.socket(fileno=os.dup(fd)) as sock:
        peer = runtime.peer(sock)
    return peer is None or peer[1] == runtime.UID


class FileOpenFilter(QObject):
    """macOS delivers files dropped on the Dock icon (and "Open with") as QFileOpenEvent."""

    files_opened = Signal(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file() or event.url().toLocalFile()
            if path:
                self.files_opened.emit([path])
                return True
        return super().eventFilter(watched, event)
