"""Starting the window: Qt application, translations, the asyncio loop on Qt's, and a clean exit."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Sequence

from app import APP_NAME
from app.core.logs import setup_logging
from app.core.settings import AppPaths, KeyStore, Settings


def run_window(
    paths: AppPaths,
    *,
    demo: bool = False,
    files: Sequence[str] = (),
    quit_after: float | None = None,
) -> int:
    import qasync
    from PySide6.QtCore import Qt
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
    settings = Settings(paths.settings)
    theme.apply(theme.chosen(settings.get("theme")))
    i18n.apply(settings.get("language"))

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(crash.loop_handler(paths.logs))
    controller = Controller(paths, settings, KeyStore(), demo=demo)
    if problem := settings.load_problem:
        controller.problems.append(problem)
    window = MainWindow(controller)
    window.settings_applied.connect(lambda language: i18n.apply(language))
    closed = asyncio.Event()
    window.quit_requested.connect(closed.set)

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
        controller.start()
        window.show()
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
