"""The result of a batch, as a notice that stays until it is dismissed (a status-bar tip was gone
after six seconds, often before anyone looked): how many went, how many failed, and what is on
the clipboard now, or a Copy button when the clipboard was left alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from app.ui.control.batch_copy import BatchResult

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow
    from app.ui.window.panels import Banner


class BatchNotice(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.banner: Banner | None = None  # the last batch's notice; a new batch replaces it
        self.shown: BatchResult | None = None  # what it says, to say again in a new language
        self.copy_button: QPushButton | None = None
        self.held: BatchResult | None = None

    def sentence(self, result: BatchResult) -> str:
        if result.failed:
            words = (
                self.tr("%1 uploaded, %2 failed.")
                .replace("%1", str(result.done))
                .replace("%2", str(result.failed))
            )
        else:
            words = self.tr("%n file(s) uploaded.", "", result.done)
        if result.copied:
            fmt = self.w.acts.copy_as.get(result.fmt)
            name = fmt.text() if fmt is not None else result.fmt
            words += " " + self.tr(
                "%n URL(s) copied to the clipboard as %1, in the order they were dropped.",
                "",
                result.copied,
            ).replace("%1", name)
        elif result.clipboard_taken:
            words += " " + self.tr(
                "The URLs were not copied: something else was copied while they uploaded."
            )
        return words

    def show(self, result: BatchResult) -> str:
        sentence = self.sentence(result)
        if self.w._collapse_timer.isActive():
            # A key panel stays open under the pointer (mainwindow): a notice now would move the
            # list under it. Shown when the panel goes.
            self.held = result
            return sentence
        self.held = None
        self.dismiss()
        banner = self.w.notices.show_text(sentence, "info")
        self.copy_button = None
        if result.rows and not result.copied:
            self.copy_button = banner.add_button(self.tr("Copy %n URL(s)", "", len(result.rows)))
            self.copy_button.clicked.connect(self._on_copy)
        self.banner, self.shown = banner, result
        return sentence

    def retranslate(self) -> None:
        if self.banner is None or self.shown is None or self.banner not in self.w.notices.items:
            return
        self.banner.show_text(self.sentence(self.shown))
        if self.copy_button is not None:
            self.copy_button.setText(self.tr("Copy %n URL(s)", "", len(self.shown.rows)))

    def release(self) -> None:
        if self.held is not None:
            self.show(self.held)

    def _on_copy(self) -> None:
        copied = self.w.controller.batch_copy.copy_last()
        self.w.show_message(self.tr("Copied %n URL(s).", "", copied))

    def dismiss(self) -> None:
        if self.banner is not None and self.banner in self.w.notices.items:
            self.w.notices.remove(self.banner)
        self.banner = None
