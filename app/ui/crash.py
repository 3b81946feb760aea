"""An uncaught error shows a dialog and lands in the log (redacted), not a vanished window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.logs import redact

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
            "The app met an error it did not expect. If this keeps happening, send the log "
            "file from %1.",
        ).replace("%1", str(log_dir)),
    )
    box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def closed(_result: int) -> None:
        global _showing
        _showing = False

    box.finished.connect(closed)
    box.open()  # not exec(): no nested event loop


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
