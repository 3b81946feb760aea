"""URLs out: finished rows to the clipboard in the chosen format, and a sentence saying what went.

A selection may mix live rows with expired, running and never-uploaded ones: the live URLs are
copied and the sentence says what was left out and why, or what to do when nothing could be.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from app.core.snippets import Format, Shared, render
from app.ui.table.rows import Row

if TYPE_CHECKING:
    from app.ui.control.controller import Controller


class UrlsOut(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller

    def copy(self, rows: Iterable[Row], fmt: str | None = None, *, announce: bool = True) -> int:
        now = self.c.clock()
        rows = list(rows)
        live = [r for r in rows if r.is_live(now)]
        if not live:
            if announce:
                self.c.message.emit(self._nothing_to_copy(rows, now))
            return 0
        chosen: Format = fmt or self.c.settings.get("copy_format")  # type: ignore[assignment]
        shared = [Shared(r.url or "", r.name, r.kind) for r in live]
        QGuiApplication.clipboard().setText(render(shared, chosen, self.base_url_for_snippets()))
        if announce:
            sentence = self.tr("Copied %n URL(s).", "", len(live))
            expired = sum(r.is_expired(now) for r in rows)
            running = sum(r.state.active for r in rows)
            no_url = len(rows) - len(live) - expired - running
            for count, words in (
                (expired, self.tr("%n expired left out.", "", expired)),
                (running, self.tr("%n still uploading left out.", "", running)),
                (no_url, self.tr("%n without a URL (not uploaded) left out.", "", no_url)),
            ):
                if count:
                    sentence += " " + words
            self.c.message.emit(sentence)
        return len(live)

    def _nothing_to_copy(self, rows: list[Row], now: datetime) -> str:
        expired = [r for r in rows if r.is_expired(now)]
        if expired:
            if any(r.path and os.path.exists(r.path) for r in expired):
                return self.tr("That URL has expired: use Re-upload on its row to get a new one.")
            return self.tr("That URL has expired, and the file is no longer on this computer.")
        if any(r.state.active for r in rows):
            return self.tr("Nothing to copy yet: the upload has not finished.")
        if rows:
            return self.tr("Nothing to copy: %n selected file(s) were not uploaded.", "", len(rows))
        return self.tr("Nothing to copy: no URL works right now.")

    def copy_all_live(self, fmt: str | None = None) -> int:
        return self.copy(self.c.model.find(lambda r: r.is_live(self.c.clock())), fmt)

    def base_url_for_snippets(self) -> str:
        return str(self.c.settings.get("base_url"))
