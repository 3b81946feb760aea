"""The window's side of renewing: the "Renew all expiring" choice, picking a moved file again,
and the notice that links will expire (at most once a day, ahead by a set number of hours)."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.reasons import Reason
from app.ui.table.rows import Row
from app.ui.words import reasons, text

if TYPE_CHECKING:
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

# How often the expiry notice looks at the list (it speaks at most once a day).
NOTICE_CHECK_MS = 10 * 60 * 1000


def until_midnight(now: datetime) -> timedelta:
    local = now.astimezone()
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - local


class RenewAllDialog(QDialog):
    """Which links to renew: those that expire today, within a day, or within three days."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Renew expiring links"))
        now = controller.clock()
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Upload the files again for new links that work 7 more days. Links that:"),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.windows: list[timedelta] = []
        choices = [
            (until_midnight(now), self.tr("expire today")),
            (timedelta(days=1), self.tr("expire within 1 day")),
            (timedelta(days=3), self.tr("expire within 3 days")),
        ]
        for number, (within, label) in enumerate(choices):
            count = len(controller.renewer.expiring(within))
            button = QRadioButton(self.tr("%1 (%n link(s))", "", count).replace("%1", label), self)
            self.group.addButton(button, number)
            self.windows.append(within)
            layout.addWidget(button)
        self.group.button(1).setChecked(True)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton(self.tr("Renew"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def within(self) -> timedelta:
        return self.windows[max(self.group.checkedId(), 0)]


class RenewUi(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.c = window.controller
        self.dialog: RenewAllDialog | None = None
        self.question: QMessageBox | None = None  # the last "pick it again" question, for tests
        self.c.renewer.refused.connect(self._on_refused)
        self.c.renewer.renewed.connect(self._on_renewed)
        self.timer = QTimer(self)
        self.timer.setInterval(NOTICE_CHECK_MS)
        self.timer.timeout.connect(self.check_expiring)
        self.timer.start()
        QTimer.singleShot(5000, self.check_expiring)  # once the history is in the list

    def renew_all_expiring(self) -> None:
        self.dialog = RenewAllDialog(self.c, self.w)
        accepted = self.dialog.exec()
        within = self.dialog.within()
        self.dialog.deleteLater()
        self.dialog = None
        if accepted and not self.c.renew_expiring(within):
            self.w.show_message(self.tr("No link expires within that time."))

    def _on_renewed(self, count: int) -> None:
        self.w.show_message(self.tr("Renewing %n link(s).", "", count))

    def _on_refused(self, items: list[tuple[Row, Reason]]) -> None:
        if len(items) > 1:
            sentences = " ".join(reasons.render(why) for _row, why in items[:3])
            self.w.notices.show_text(
                self.tr("%n link(s) were not renewed: %1", "", len(items)).replace("%1", sentences)
            )
            return
        ((row, why),) = items
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not renewed"), "", parent=self.w)
        box.setText(reasons.render(why))
        pick = box.addButton(self.tr("Pick the file…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        self.question = box
        box.finished.connect(lambda _r: self._on_answer(box, pick, row))
        box.open()

    def _on_answer(self, box: QMessageBox, pick: object, row: Row) -> None:
        self.question = None
        box.deleteLater()
        if box.clickedButton() is not pick:
            return
        start = str(Path(row.path).parent) if row.path else str(Path.home())
        path, _filter = QFileDialog.getOpenFileName(
            self.w, self.tr("Where is %1 now?").replace("%1", row.name), start
        )
        if path:
            self.c.renewer.pick_again(row, path)

    def earlier_text(self, row: Row) -> str:
        lines = [
            self.tr("Earlier link, works until %1: %2")
            .replace("%1", text.local_time(e.expires_at))
            .replace("%2", e.public_url)
            for e in self.c.renewer.earlier_urls(row)
        ]
        return "\n".join(lines)

    # The notice ---------------------------------------------------------------------------------

    def check_expiring(self) -> bool:
        """Say that links will expire, once a day at most; True if it did now."""
        settings = self.c.settings
        if not settings.get("expiry_notice"):
            return False
        now = self.c.clock()
        today = now.astimezone().date().isoformat()
        if settings.get("expiry_notice_shown") == today:
            return False
        lead = timedelta(hours=int(settings.get("expiry_notice_hours")))
        rows = self.c.renewer.expiring(lead)
        if not rows:
            return False
        sentence = self.sentence(len(rows), lead, max(r.expires_at for r in rows if r.expires_at))
        settings.set("expiry_notice_shown", today)
        with contextlib.suppress(OSError):  # said again on the next start at worst
            settings.save()
        self.w.notices.show_text(sentence, "info")
        tray = self.w.acts.tray
        if tray is not None and not self.w.isActiveWindow():
            tray.showMessage(APP_NAME, sentence, QSystemTrayIcon.MessageIcon.Information, 8000)
        return True

    def sentence(self, count: int, lead: timedelta, last: datetime) -> str:
        now = self.c.clock()
        if last - now <= until_midnight(now):
            head = self.tr("%n link(s) expire today.", "", count)
        else:
            hours = self.tr("%n hour(s)", "", round(lead.total_seconds() / 3600))
            head = self.tr("%n link(s) expire within %1.", "", count).replace("%1", hours)
        return head + " " + self.tr("Edit → Renew all expiring… gives them 7 more days.")
