"""The window's one notice while the service is down, gone by itself when it answers again.

The engine stops the batch when the service is plainly down (app/core/breaker.py) and, in the
window, asks it again from time to time: the files stay queued and go on when it answers. This
says so once, in the notices above the list, instead of a failure on every row.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from app.core.reasons import Reason
from app.ui.control.bridge import EngineBridge
from app.ui.window.notices import NoticeArea
from app.ui.window.panels import Banner
from app.ui.words import reasons


def down_text(why: Reason | str) -> str:
    return (
        reasons.render(why)
        + " "
        + QCoreApplication.translate(
            "Outage", "The files wait here; the app asks again by itself and goes on."
        )
    )


class OutageNotice(QObject):
    def __init__(self, bridge: EngineBridge, notices: NoticeArea) -> None:
        super().__init__(notices)
        self.notices = notices
        self.banner: Banner | None = None
        bridge.service_down.connect(self._on_down)
        bridge.service_back.connect(self._on_back)

    def _on_down(self, why: Reason | str) -> None:
        self._on_back()  # one notice at a time: the newest reason
        self.banner = self.notices.show_text(down_text(why))

    def _on_back(self) -> None:
        if self.banner is not None:
            self.notices.remove(self.banner)
            self.banner = None
