"""An uncaught error shows a dialog and lands in the log (redacted), not a vanished window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from app.core.logs import redact

log = logging.getLogger("apimodels.crash")
qt_log = logging.getLogger("apimodels.qt")
_showing = False


def report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, log_dir: Path
) -> None:
    global _showing
    log.critical("uncaught error", exc_info=(exc_type, exc, tb))
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("Crash", "Something went wrong"),
            QCoreApplication.translate(
                "Crash",
                "The app met an error it did not expect. Finished URLs are safe in "
                "the history. If this keeps happening, send the log file from %1.",
            ).replace("%1", str(log_dir)),
        )
        box.setDetailedText(redact("".join(traceback.format_exception(exc_type, exc, tb))))
        box.exec()
    finally:
        _showing = False


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
