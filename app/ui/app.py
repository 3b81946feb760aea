"""Starting the window: Qt application, translations, the asyncio loop on Qt's, and a clean exit.

The window's frame is painted first, before most of the app is imported; then its bars and list
over an empty model; then asyncio, qasync, the controller and its engine's thread, which the body
is wired to (docs/benchmarks.md, "First paint").
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from app import APP_NAME
from app.core.settings import ENV_BASE_URL, AppPaths, Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, SignalInstance

    from app.ui.window.mainwindow import MainWindow

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
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from app.core.logs import setup_logging
    from app.ui.desktop import crash, icons, instance, profile, theme
    from app.ui.window.mainwindow import MainWindow
    from app.ui.words import fonts

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("APIModels")
    app.setDesktopFileName("apimodels-uploader")
    if sys.platform.startswith("linux") and not os.environ.get("QT_STYLE_OVERRIDE"):
        # Fusion follows the light/dark scheme where the platform style may not; drawn with edges
        # and a focus ring that reach WCAG AA in both (desktop/contrast_style.py).
        theme.install_style(app)
    # Files opened while a window is already up go to that window; this process is done, and no
    # window of its own ever shows. The socket later launches talk to listens once the whole
    # window has been painted: until then they wait for it (the lock is ours).
    name = instance.server_name(paths.data)
    try:
        lock = instance.claim(name, files)
    except KeyboardInterrupt:  # Ctrl+C while waiting for another window: nothing to undo
        return 128 + 2
    if lock is None:
        return 0
    opened = instance.FileOpenFilter(app)
    if instance.FILE_OPEN_EVENTS:
        app.installEventFilter(opened)

    app.setWindowIcon(icons.app_icon())
    app.setQuitOnLastWindowClosed(False)  # the loop must outlive the window to shut down cleanly
    # Where the log really is: a start-up failure must not send anyone to a folder with no log.
    logs = paths.logs if setup_logging(paths.logs) is not None else None
    crash.install(paths.logs)
    crash.enable_faulthandler(paths.logs)
    settings, wordings = _settings(paths)
    theme.apply(theme.chosen(settings.get("theme")))
    _language, no_font = fonts.apply_readable(settings.get("language"))  # English if no font
    problems = [word() for word in wordings]  # worded once the language is in place
    if no_font:
        problems.append(no_font)

    # The frame: title, size and place, theme. Painted before anything else is imported.
    try:
        window = MainWindow(paths=paths, demo=demo)
    except Exception:  # an unusable profile folder, say: one sentence, not a traceback
        log.exception("the window could not start")
        crash.startup_failed(logs)
        return 1
    early: list[str] = []  # files (macOS FileOpen) that came before the window could take them
    stopped_by: list[int] = []

    def leave() -> None:  # quit as Quit does, without a question: nobody is there to answer
        window.ask_before_quit = False
        if window.quitting:  # hidden already, where close() sends no event: say it again
            window.quit_requested.emit()
        else:
            window.close()  # a frame not built yet closes once it is (MainWindow.closeEvent)

    def stop(signum: int) -> None:  # Ctrl+C, SIGTERM
        stopped_by.append(signum)
        leave()

    _quit_on_signals(app, stop)

    def take(paths: list[str]) -> None:
        if not window.built:
            early.extend(paths)
            return
        if paths:
            window.add_paths(paths)
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # nothing to raise there
            window.raise_()
            window.activateWindow()

    opened.files_opened.connect(take)
    window.show()
    _wait_for_paint(window, window.frame_painted)

    try:
        # The bars and the list, painted before the controller, the engine's thread and the
        # asyncio loop are made (they and their modules were a third of the whole first paint).
        from app.ui.table.model import UploadsModel

        window.build_body(UploadsModel(window))
        _wait_for_paint(window, window.first_painted)

        import asyncio

        import qasync

        from app.core.settings import KeyStore
        from app.ui.control.controller import Controller

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        loop.set_exception_handler(crash.loop_handler(paths.logs))
        controller = Controller(paths, settings, KeyStore(), demo=demo, model=window.model)
        window.attach(controller)
    except Exception:  # nothing at start-up ends in a bare traceback
        log.exception("the window could not start")
        window.hide()
        crash.startup_failed(logs)
        return 1
    controller.problems.extend(problems)
    controller.problems.extend(profile.problems(paths, window.layout_problem, logs is not None))
    for problem in controller.problems:
        log.warning("start-up: %s", problem)

    def language_chosen(language: str) -> None:
        if hint := fonts.apply_readable(language)[1]:
            controller.notice.emit(hint)

    window.settings_applied.connect(language_chosen)
    single: instance.InstanceServer | None = None
    closed = asyncio.Event()
    window.quit_requested.connect(closed.set)

    async def main() -> None:
        # The whole window was painted (or FIRST_PAINT_WAIT passed) before the controller was
        # made; the keyring, the HTTP client and the history rows come now, in threads.
        nonlocal single
        if not closed.is_set():  # a window on its way out takes no files: they would be lost
            single = instance.InstanceServer(name, app)  # QtNetwork: 4 ms
            single.files_received.connect(take)
            single.listen()
            # A later launch then waits for the lock, and opens a window of its own.
            window.quit_requested.connect(single.close)
        from app import __version__  # the package's metadata: 11 ms

        app.setApplicationVersion(__version__)
        try:
            controller.start(in_background=True)
        except Exception as exc:  # the demo service's port, a history read: it opens anyway
            crash.report(type(exc), exc, exc.__traceback__, paths.logs)
        if not demo:  # asked once, checked daily at most, in the background
            from app.core.updates import UpdateCheck
            from app.ui.control.updates_ui import UpdatePrompt

            UpdatePrompt(window, UpdateCheck(paths.data / "updates.json", __version__)).start()
        if files or early:
            window.add_paths([*files, *early])
        if quit_after is not None:  # a smoke test of an installed or frozen build
            loop.call_later(quit_after, leave)
        await closed.wait()
        profile.end_anyway(lambda: 128 + stopped_by[0] if stopped_by else 0)
        try:
            await controller.shutdown()
        except Exception:  # a vanished data folder, say: the process ends all the same
            log.exception("the window did not shut down cleanly")

    with loop:
        loop.run_until_complete(main())
    if single is not None:
        single.close()
    lock.unlock()
    return 128 + stopped_by[0] if stopped_by else 0


def _quit_on_signals(app: QObject, stop: Callable[[int], None]) -> None:
    """SIGINT and SIGTERM call ``stop`` on Qt's loop. Python runs its signal handlers only between
    its own bytecodes, which an idle Qt loop never reaches (Ctrl+C did nothing, then a traceback
    from wherever Python next ran): the signal's number wakes the loop through a socket."""
    if sys.platform == "win32":
        return
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woke() -> None:
        try:
            numbers = reader.recv(64)
        except OSError:
            return
        for signum in dict.fromkeys(numbers):
            stop(signum)

    notifier.activated.connect(woke)
    signal.set_wakeup_fd(writer.fileno())
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: None)  # the wakeup byte does the work
    _kept.append((notifier, reader, writer))


_kept: list[object] = []  # the signal sockets live as long as the process


def _wait_for_paint(window: MainWindow, painted: SignalInstance) -> None:
    """Run Qt's events until ``painted`` says the window is on screen (or FIRST_PAINT_WAIT has
    passed)."""
    from PySide6.QtCore import QEventLoop, QTimer

    waiting = QEventLoop()
    painted.connect(waiting.quit)
    limit = QTimer(waiting)
    limit.setSingleShot(True)
    limit.timeout.connect(waiting.quit)
    limit.start(round(FIRST_PAINT_WAIT * 1000))
    waiting.exec()
    painted.disconnect(waiting.quit)


def _settings(paths: AppPaths) -> tuple[Settings, list[Callable[[], str]]]:
    """The settings, and what went wrong reading them as sentences to word once translations are
    in (the details, paths and errors, go to the log now)."""
    from PySide6.QtCore import QCoreApplication

    settings = Settings(paths.settings)
    problems: list[Callable[[], str]] = []
    if settings.refused:
        log.warning("%s", settings.load_problem)
        names = ", ".join(settings.refused)
        problems.append(
            lambda: (
                QCoreApplication.translate(
                    "Startup",
                    "The settings file %1 has values that cannot be used (%2), so their "
                    "defaults are used. The log has the details.",
                )
                .replace("%1", str(paths.settings))
                .replace("%2", names)
            )
        )
    elif settings.load_problem:
        log.warning("%s", settings.load_problem)
        problems.append(
            lambda: QCoreApplication.translate(
                "Startup",
                "The settings file %1 could not be read, so the defaults are used. The log has "
                "the details.",
            ).replace("%1", str(paths.settings))
        )
    if settings.env_problem("base_url"):
        # The window still opens, on the address from Settings, and says why.
        settings = Settings(paths.settings, env={k: v for k, v in os.environ.items()
                                                 if k != ENV_BASE_URL})  # fmt: skip
        problems.append(
            lambda: QCoreApplication.translate(
                "Startup",
                "%1 is set to an address that cannot be used: it must start with https:// "
                "(http:// only for a server on this computer). The address from Settings is used "
                "instead.",
            ).replace("%1", ENV_BASE_URL)
        )
    return settings, problems
