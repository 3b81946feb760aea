"""Child process for the first-paint guards: starts the real window (app.ui.app.run_window) and
prints, as JSON lines, what had been done when the window was first painted, then what had been
done once the window settled. Counted: calls into the keyring, and HTTP clients built. With the
first paint also comes which of LATER (modules the window must not need to be seen) were loaded.
With --close-at-first-paint the window is closed as soon as it is painted, and run_window's return
is printed. With --through-cli the window is started the way main.py starts it, through app.cli.
With --open FILE, FILE comes as a (macOS) file-open event at the first paint; the rows the window
has once it settled are printed with the counts. With --hand-over-at-quit FILE, once it settled, the
window is closed and, the moment it says it quits, a later launch hands FILE over; whether a window
took it is printed with run_window's return."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.memkeyring.MemoryKeyring"

import httpx
import keyring
import keyring.core

done = {"keyring": 0, "http_clients": 0}

#: The bulk of the app and what only it needs: imported after the frame is on screen.
LATER = (
    "asyncio",
    "qasync",
    "app.ui.control.controller",
    "app.ui.window.window_body",
    "app.ui.window.actions",
    "app.ui.table.model",
    "app.ui.table.view",
    "app.core.uploads",
    "app.core.history",
    "app.core.media",
)


def counting(name: str, func: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        done[name] += 1
        return func(*args, **kwargs)

    return wrapper


keyring.core.get_keyring = counting("keyring", keyring.core.get_keyring)  # type: ignore[assignment]
keyring.get_keyring = keyring.core.get_keyring
httpx.AsyncClient.__init__ = counting("http_clients", httpx.AsyncClient.__init__)  # type: ignore[method-assign]


def main() -> None:
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QFileOpenEvent, QGuiApplication
    from PySide6.QtWidgets import QApplication, QMainWindow

    from app.core.settings import AppPaths
    from app.ui.app import run_window
    from app.ui.desktop import instance

    instance.FILE_OPEN_EVENTS = True  # as on macOS: this test posts QFileOpenEvents below

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    # Only for a start that never settles (the test then fails on the counts): 10 s was met by a
    # sound start on a loaded machine, which printed zero counts and failed.
    deadline = time.monotonic() + 40

    def rows() -> int:
        windows = [w for w in app.topLevelWidgets() if getattr(w, "built", False)]
        return sum(w.controller.model.rowCount() for w in windows)  # type: ignore[attr-defined]

    def settled() -> None:
        if waits:  # closing already, with a launch on the way
            return
        if (all(done.values()) and rows() >= len(opening)) or time.monotonic() > deadline:
            if late:
                close_with_a_launch_on_the_way()
                return
            print(json.dumps({"after": done, "rows": rows()}), flush=True)
            os._exit(0)

    handed: list[bool] = []

    def close_with_a_launch_on_the_way() -> None:
        import socket
        import threading

        from app.ui.desktop import instance

        window = next(w for w in app.topLevelWidgets() if getattr(w, "built", False))
        name = instance.server_name(AppPaths.resolve(Path(sys.argv[1])).data)

        def launch() -> None:  # as hand_over() does it, its connect made before the window goes on
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(instance.socket_path(name))
                sock.sendall(json.dumps({"files": late}).encode() + b"\n")
            except OSError:
                handed.append(False)
                return
            sock.settimeout(20)  # the window's "ok" comes after its shutdown on a loaded machine

            def answer() -> None:
                try:
                    handed.append(sock.recv(64).startswith(b"ok"))
                except OSError:
                    handed.append(False)
                sock.close()

            waiting.append(threading.Thread(target=answer))
            waiting[0].start()

        waiting: list[threading.Thread] = []
        window.quit_requested.connect(launch)  # type: ignore[attr-defined]
        window.close()
        waits.append(waiting)

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
                app.removeEventFilter(self)
                loaded = [name for name in LATER if name in sys.modules]
                print(json.dumps({"painted": dict(done), "loaded": loaded}), flush=True)
                for path in opening:  # macOS: a file dropped on the Dock icon, this early
                    app.postEvent(app, QFileOpenEvent(path))
                if closing:  # a person who closes the window the moment it appears
                    QTimer.singleShot(0, watched.close)
                    return False
                poll = QTimer(app)
                poll.timeout.connect(settled)
                poll.start(20)
            return False

    closing = "--close-at-first-paint" in sys.argv
    opening = sys.argv[sys.argv.index("--open") + 1 :][:1] if "--open" in sys.argv else []
    flag = "--hand-over-at-quit"
    late = sys.argv[sys.argv.index(flag) + 1 :][:1] if flag in sys.argv else []
    waits: list[list[Any]] = []
    spy = FirstPaint()
    app.installEventFilter(spy)
    if "--through-cli" in sys.argv:  # as main.py starts it: the command line's parser first
        from app.cli import main as cli_main

        returned = cli_main(["--data-dir", sys.argv[1]])
    else:
        returned = run_window(AppPaths.resolve(Path(sys.argv[1])))
    for thread in [t for waiting in waits for t in waiting]:
        thread.join()
    if late:
        print(json.dumps({"returned": returned, "handed": handed}), flush=True)
        return
    print(json.dumps({"returned": returned}), flush=True)


if __name__ == "__main__":
    main()
