"""The window's own folders at start and at quit: what it cannot keep, and an end that always comes.

A read-only home, a full disk on first start, a ``--data-dir`` that is a file or sits on a USB
stick that was pulled out: the window opens all the same, and says once what it will not keep.
At quit the same folder may be gone: the process ends anyway (a hidden window that stayed alive
took the files later launches handed to it, and ignored SIGTERM).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from app.core.private import open_to_others
from app.core.reasons import Reason
from app.core.settings import AppPaths
from app.ui.words import reasons

log = logging.getLogger("apimodels.ui")

# How long the shutdown after Quit may take (cancelling uploads, closing the history) before
# the process ends without it. Normally well under a second; a dead disk can block for ever.
SHUTDOWN_LIMIT = 15.0


def problems(paths: AppPaths, layout_problem: OSError | None, logged: bool) -> list[str]:
    """Sentences for the notice area about the folders the window keeps its things in."""
    said: list[str] = []
    if layout_problem is not None:
        if isinstance(layout_problem, FileExistsError | NotADirectoryError):
            detail = QCoreApplication.translate("Startup", "a file has that name")
        else:
            detail = layout_problem.strerror or type(layout_problem).__name__
        said.append(
            QCoreApplication.translate(
                "Startup",
                "The folder %1 cannot be used (%2), so your settings and the window's size will "
                "not be kept after it closes.",
            )
            .replace("%1", str(paths.config))
            .replace("%2", detail)
        )
    if not logged:
        said.append(
            QCoreApplication.translate("Startup", "No log can be written in %1 this time.").replace(
                "%1", str(paths.logs)
            )
        )
    if paths.data.is_dir() and open_to_others(paths.data):
        said.append(reasons.render(Reason.of("data_folder_open", path=str(paths.data))))
    return said


def end_anyway(code: Callable[[], int], limit: float = SHUTDOWN_LIMIT) -> threading.Timer:
    """After Quit: end the process in ``limit`` seconds if the clean shutdown has not.

    A thread, not the loop: a history on a vanished disk can block the GUI thread itself."""

    def end() -> None:
        log.error("the shutdown took over %g s; the process ends without it", limit)
        logging.shutdown()
        os._exit(code())

    timer = threading.Timer(limit, end)
    timer.daemon = True
    timer.start()
    return timer
