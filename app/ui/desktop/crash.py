"""An uncaught error shows a dialog and lands in the log (redacted), not a vanished window."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.logs import redact
from app.core.private import private_dir, private_file
from app.core.updates import ISSUES_URL

log = logging.getLogger("apimodels.crash")
qt_log = logging.getLogger("apimodels.qt")
_showing = False


def report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, log_dir: Path
) -> None:
    """Log at once; show the dialog on the next turn of the loop, never inside the caller.

    The caller may be a slot run inside an upload task: a modal dialog there would block every
    other task until it closed (and asyncio refuses to step them meanwhile).
    """
    log.critical("uncaught error", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is None:
        return
    details = redact("".join(traceback.format_exception(exc_type, exc, tb)))
    QTimer.singleShot(0, lambda: _show(details, log_dir))


def _show(details: str, log_dir: Path) -> None:
    global _showing
    if _showing:
        return  # one dialog at a time; the log has every error
    _showing = True
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Crash", "Something went wrong"),
        QCoreApplication.translate(
            "Crash",
            "The app met an error it did not expect. If this keeps happening, report it at %2 "
            "and attach the log file from %1.",
        )
        .replace("%1", str(log_dir))
        .replace("%2", ISSUES_URL),
    )
    box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def closed(_result: int) -> None:
        global _showing
        _showing = False

    box.finished.connect(closed)
    box.open()  # not exec(): no nested event loop


def startup_failed(log_dir: Path | None) -> None:
    """One sentence in a box (and on stderr, if there is one) when the window cannot open.

    ``log_dir`` is None when no log could be written: then the sentence names none."""
    if log_dir is None:
        sentence = QCoreApplication.translate(
            "Crash",
            "The window could not start, and no log could be written to say why. Run "
            "apimodels-uploader --data-dir with a folder you can write to.",
        )
    else:
        sentence = QCoreApplication.translate(
            "Crash",
            "The window could not start. The details are in the log file in %1.",
        ).replace("%1", str(log_dir))
    if sys.stderr is not None:
        print(f"error: {sentence}", file=sys.stderr)
    if QApplication.instance() is not None:
        QMessageBox.critical(None, QCoreApplication.translate("Crash", "Something went wrong"),
                             sentence)  # fmt: skip


_fault_file: Any = None


def enable_faulthandler(log_dir: Path) -> Path | None:
    """A native crash (a segfault in Qt) leaves a Python traceback in the log folder."""
    global _fault_file
    try:
        private_dir(log_dir)
        path = private_file(log_dir / "native-crash.log")
        # Appended, never truncated: the last crash's traceback must survive the next start.
        _fault_file = path.open("a", encoding="utf-8")
        _fault_file.write(f"--- started {time.strftime('%Y-%m-%d %H:%M:%S')} pid {os.getpid()}\n")
        _fault_file.flush()
        faulthandler.enable(_fault_file, all_threads=True)
    except OSError:
        return None  # a log is a help, never a reason not to start
    return path


def install(log_dir: Path) -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report(exc_type, exc, tb, log_dir)

    sys.excepthook = hook

    def qt_messages(kind: QtMsgType, _context: Any, message: str) -> None:
        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
        }.get(kind, logging.ERROR)
        qt_log.log(level, "%s", message)

    qInstallMessageHandler(qt_messages)


def loop_handler(log_dir: Path) -> Any:
    """For asyncio: an exception in a callback is reported like any other."""

    def handle(_loop: Any, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            report(type(exc), exc, exc.__traceback__, log_dir)
        else:
            log.error("event loop: %s", redact(str(context.get("message"))))

    return handle
