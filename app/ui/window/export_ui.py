"""File → Export history: every upload, or the selected rows, as CSV or JSON (app/core/export.py).

The rows are read on a connection of the worker thread's own and written there too: the whole
history (100,000 rows) never passes through the GUI thread."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from app.core.export import export, format_for
from app.core.history import History, HistoryError

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow


class ExportUi(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.c = window.controller

    def ask_path(self, selected: bool) -> str:
        title = self.tr("Export the selected rows") if selected else self.tr("Export the history")
        start = str(Path.home() / "uploads.csv")
        path, chosen = QFileDialog.getSaveFileName(
            self.w, title, start, self.tr("CSV for spreadsheets (*.csv);;JSON (*.json)")
        )
        if path and not Path(path).suffix:
            path += ".json" if "json" in chosen.lower() else ".csv"
        return path

    def export_all(self) -> None:
        if path := self.ask_path(False):
            self.c.spawn(self.write(path, None))

    def export_selected(self) -> None:
        ids = [r.record_id for r in self.w.view.selected_rows() if r.record_id is not None]
        if not ids:
            self.w.show_message(self.tr("Select finished uploads to export them."))
            return
        if path := self.ask_path(True):
            self.c.spawn(self.write(path, ids))

    async def write(self, path: str, ids: list[int] | None) -> int:
        """Export to ``path`` (all rows, or these history ids in this order); says how it went."""
        history = self.c.history
        if history is None:
            self.c.notice.emit(self.tr("There is no history to export this time."))
            return 0
        source = history.path

        def run() -> int:
            reader = History(source)
            try:
                if ids is None:
                    return export(reader.stream(), path, format_for(path))
                found = (reader.get(i) for i in ids)
                return export((r for r in found if r is not None), path, format_for(path))
            finally:
                reader.close()

        try:
            count = await asyncio.get_running_loop().run_in_executor(None, run)
        except (OSError, HistoryError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.c.notice.emit(
                self.tr("The history could not be exported to %1 (%2).")
                .replace("%1", path)
                .replace("%2", why)
            )
            return 0
        self.w.show_message(self.tr("Exported %n upload(s) to %1.", "", count).replace("%1", path))
        return count
