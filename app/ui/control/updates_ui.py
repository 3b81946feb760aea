"""The window's side of the update check (app/core/updates.py): one question on first start and
a notice when a new version is out, both in the notice area, never a modal dialog; a checkable
Help menu entry to change one's mind. Nothing here waits on the network before the window works.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QAction, QDesktopServices

from app import APP_NAME
from app.core.updates import Release, UpdateCheck

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow
    from app.ui.window.panels import Banner

log = logging.getLogger("apimodels.updates")


class UpdatePrompt(QObject):
    def __init__(self, window: MainWindow, check: UpdateCheck) -> None:
        super().__init__(window)
        self.w = window
        self.check = check
        self.question: Banner | None = None
        self.offer: Banner | None = None
        self.offered: Release | None = None
        self._task: asyncio.Task[None] | None = None
        self.toggle = QAction(self.tr("Check for Updates Automatically"), self)
        self.toggle.setCheckable(True)
        self.toggle.setChecked(check.state.enabled)
        self.toggle.toggled.connect(self._on_toggled)
        if check.available:  # a distribution package is updated by its package manager
            self.w.acts.menu_help.insertAction(self.w.acts.about, self.toggle)

    def start(self) -> None:
        """Ask once, or check when a day has passed; returns at once either way."""
        if self.check.should_ask():
            self._ask()
        elif self.check.due():
            self._run()

    def _ask(self) -> None:
        banner = self.w.notices.show_text(
            self.tr("Check once a day whether a new version of %1 is out? Only the version "
                    "number is fetched from the project's releases page.").replace("%1", APP_NAME),
            "info",
        )  # fmt: skip
        yes = banner.add_button(self.tr("Check for updates"))
        no = banner.add_button(self.tr("No, thanks"))
        yes.clicked.connect(lambda: self._answer(True))
        no.clicked.connect(lambda: self._answer(False))
        self.question = banner

    def _answer(self, enabled: bool) -> None:
        self.check.answer(enabled)
        self.toggle.setChecked(enabled)
        if self.question is not None and self.question.close_button is not None:
            self.question.close_button.click()  # as the person's own dismissal
        self.question = None
        if enabled:
            self._run()

    def _on_toggled(self, enabled: bool) -> None:
        if enabled != self.check.state.enabled or not self.check.state.asked:
            self.check.answer(enabled)

    def _run(self) -> None:
        if self._task is not None and not self._task.done():
            return
        try:
            self._task = asyncio.ensure_future(self._check())
        except RuntimeError:  # no loop (a test without one): nothing to do now
            log.info("update check: no event loop")

    async def _check(self) -> None:
        release = None
        with contextlib.suppress(Exception):  # a courtesy: never an error dialog
            release = await self.check.check()
        if release is not None:
            self._offer(release)

    def _offer(self, release: Release) -> None:
        self.offered = release
        banner = self.w.notices.show_text(
            self.tr("%1 %2 is out (this is %3).")
            .replace("%1", APP_NAME)
            .replace("%2", release.version)
            .replace("%3", self.check.current),
            "info",
        )
        get = banner.add_button(self.tr("Download"))
        skip = banner.add_button(self.tr("Skip this version"))
        get.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(release.url)))
        skip.clicked.connect(lambda: self._skip(banner, release))
        self.offer = banner

    def _skip(self, banner: Banner, release: Release) -> None:
        self.check.skip(release.version)
        if banner.close_button is not None:
            banner.close_button.click()
        self.offer = None
