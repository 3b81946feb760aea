"""Starting the window: Qt application, translations, the asyncio loop on Qt's, and a clean exit."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import Sequence

from app import APP_NAME
from app.core.logs import setup_logging
from app.core.settings import ENV_BASE_URL, AppPaths, KeyStore, Settings

log = logging.getLogger("apimodels.ui")

# A window that is not painted (minimised at start, on some platforms) must not wait forever.
FIRST_PAINT_WAIT = 1.0


def run_window(
    paths: AppPaths,
    *,
    demo: bool = False,
    files: Sequence[str] = (),
    quit_after: float | None = None,
) -> int:
    import qasync
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from app import __version__
    from app.ui import crash, i18n, icons, instance, theme

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("APIModels")
    app.setDesktopFileName("apimodels-uploader")
    if sys.platform.startswith("linux") and not os.environ.get("QT_STYLE_OVERRIDE"):
        app.setStyle("Fusion")  # follows the light/dark scheme where the platform style may not
    # Files opened while a window is already up go to that window; this process is done.
    single = instance.InstanceServer(instance.server_name(paths.data, demo=demo), app)
    lock = instance.claim(single.name, files)
    if lock is None:
        return 0
    single.listen()
    opened = instance.FileOpenFilter(app)
    app.installEventFilter(opened)

    from app.ui.controller import Controller
    from app.ui.mainwindow import MainWindow

    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)  # the loop must outlive the window to shut down cleanly
    setup_logging(paths.logs)
    crash.install(paths.logs)
    crash.enable_faulthandler(paths.logs)
    settings = Settings(paths.settings)
    problems: list[str] = []
    if settings.load_problem:
        log.warning("%s", settings.load_problem)  # the details (path, error) for the log
    if env_problem := settings.env_problem("base_url"):
        # The window still opens, on the address from Settings, and says why.
        settings = Settings(paths.settings, env={k: v for k, v in os.environ.items()
                                                 if k != ENV_BASE_URL})  # fmt: skip
    theme.apply(theme.chosen(settings.get("theme")))
    i18n.apply(settings.get("language"))
    if settings.load_problem:  # worded once the language is in place
        problems.append(
            QCoreApplication.translate(
                "Startup",
                "The settings file %1 could not be read, so the defaults are used. The log has "
                "the details.",
            ).replace("%1", str(paths.settings))
        )
    if env_problem:
        problems.append(
            QCoreApplication.translate(
                "Startup",
                "%1 is set to an address that cannot be used: it must start with https:// "
                "(http:// only for a server on this computer). The address from Settings is used "
                "instead.",
            ).replace("%1", ENV_BASE_URL)
        )

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(crash.loop_handler(paths.logs))
    try:
        controller = Controller(paths, settings, KeyStore(), demo=demo)
        window = MainWindow(controller)
    except Exception:  # nothing at start-up ends in a bare traceback
        log.exception("the window could not start")
        crash.startup_failed(paths.logs)
        return 1
    controller.problems.extend(problems)
    for problem in controller.problems:
        log.warning("start-up: %s", problem)
    window.settings_applied.connect(lambda language: i18n.apply(language))
    closed = asyncio.Event()
    window.quit_requested.connect(closed.set)
    painted = asyncio.Event()
    window.first_painted.connect(painted.set)

    def take(paths: list[str]) -> None:
        if paths:
            window.add_paths(paths)
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # nothing to raise there
            window.raise_()
            window.activateWindow()

    single.files_received.connect(take)
    opened.files_opened.connect(take)

    async def main() -> None:
        window.show()
        # Paint first; the keyring, the HTTP client and the history rows come after, in threads.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), FIRST_PAINT_WAIT)
        try:
            controller.start(in_background=True)
        except Exception as exc:  # the demo service's port, a history read: it opens anyway
            crash.report(type(exc), exc, exc.__traceback__, paths.logs)
        if files:
            window.add_paths(files)
        if quit_after is not None:  # a smoke test of an installed or frozen build
            loop.call_later(quit_after, window.close)
        await closed.wait()
        await controller.shutdown()

    with loop:
        loop.run_until_complete(main())
    single.close()
    lock.unlock()
    return 0
