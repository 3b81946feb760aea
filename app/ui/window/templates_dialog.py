"""Copy templates: a small dialog to write them, and their entries in Edit → Copy as."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.probe import media_facts, seconds_text
from app.core.settings import SettingsError
from app.core.templates import PLACEHOLDERS, Template, dump, load, problem, render
from app.ui.table.rows import Row
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow


def values_for(row: Row) -> dict[str, str]:
    """What a template can name for this row; sizes and lengths come from the file's headers."""
    values = {
        "url": row.url or "",
        "name": row.name,
        "type": row.mime,
        "expires": row.expires_at.astimezone().isoformat(timespec="minutes")
        if row.expires_at
        else "",
    }
    if row.kind == "image" and row.path:
        size = QImageReader(row.path).size()
        if size.isValid():
            values["width"], values["height"] = str(size.width()), str(size.height())
    elif row.kind in ("video", "audio") and row.path:
        seconds, picture = media_facts(row.path, row.mime)  # a few header reads
        values["duration"] = seconds_text(seconds)
        if picture is not None:
            values["width"], values["height"] = str(picture[0]), str(picture[1])
    return values


class TemplatesDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = controller
        self.templates = load(controller.settings.get("copy_templates"))
        self.setWindowTitle(self.tr("Copy templates"))
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.addItems([t.name for t in self.templates])
        self.list.currentRowChanged.connect(self._on_pick)
        layout.addWidget(self.list)
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.text = QPlainTextEdit(self)
        self.text.setFixedHeight(80)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Template:"), self.text)
        layout.addLayout(form)
        hint = QLabel(
            self.tr("Placeholders: %1").replace(
                "%1", " ".join("{" + p + "}" for p in PLACEHOLDERS)
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B91C1C;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(self)
        self.new = QPushButton(self.tr("&New"), self)
        self.new.clicked.connect(self.start_new)
        buttons.addButton(self.new, QDialogButtonBox.ButtonRole.ActionRole)
        self.save = QPushButton(self.tr("&Save template"), self)
        self.delete = QPushButton(self.tr("&Delete"), self)
        buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.save_current)
        self.delete.clicked.connect(self.delete_current)
        layout.addWidget(buttons)

    def _on_pick(self, index: int) -> None:
        if 0 <= index < len(self.templates):
            self.name.setText(self.templates[index].name)
            self.text.setPlainText(self.templates[index].text)

    def start_new(self) -> None:
        self.list.clearSelection()
        self.name.clear()
        self.text.setPlainText("{url}")
        self.error.clear()
        self.name.setFocus()

    def save_current(self) -> bool:
        """Save the template being edited (a new one, or the one of that name); False and a
        sentence under the fields if it cannot be."""
        name, body = self.name.text().strip(), self.text.toPlainText()
        others = tuple(t.name for t in self.templates if t.name.casefold() != name.casefold())
        why = problem(name, body, others)
        if why is not None:
            self.error.setText(reasons.render(why))
            return False
        kept = [t for t in self.templates if t.name.casefold() != name.casefold()]
        return self._store([*kept, Template(name, body)])

    def delete_current(self) -> None:
        name = self.name.text().strip().casefold()
        self._store([t for t in self.templates if t.name.casefold() != name])

    def _store(self, templates: list[Template]) -> bool:
        try:
            self.c.apply_settings({"copy_templates": dump(templates)})
        except SettingsError as exc:
            self.error.setText(str(exc))
            return False
        self.templates = templates
        self.list.clear()
        self.list.addItems([t.name for t in templates])
        self.error.setText("")
        return True


class TemplateMenu(QObject):
    """The person's templates at the end of Copy as, refreshed each time the menu opens."""

    def __init__(self, menu: QMenu, window: MainWindow, rows: object) -> None:
        super().__init__(menu)
        self.menu, self.w, self.rows = menu, window, rows
        self.actions: list[object] = []
        menu.aboutToShow.connect(self.refresh)

    @property
    def c(self) -> Controller:
        """Looked up when used: the menus are made before the controller (the first paint)."""
        return self.w.controller

    def refresh(self) -> None:
        if not self.w.built:
            return
        for action in self.actions:
            self.menu.removeAction(action)  # type: ignore[arg-type]
        self.actions = []
        templates = load(self.c.settings.get("copy_templates"))
        if templates:
            self.actions.append(self.menu.addSeparator())
        for template in templates:
            action = self.menu.addAction(template.name)
            action.triggered.connect(lambda _c=False, t=template: self.copy(t))
            self.actions.append(action)

    def copy(self, template: Template) -> int:
        now = self.c.clock()
        live = [r for r in self.rows() if r.is_live(now)]  # type: ignore[operator]
        if not live:
            self.c.message.emit(self.tr("Nothing to copy: no URL works right now."))
            return 0
        QGuiApplication.clipboard().setText(
            "\n".join(render(template, values_for(r)) for r in live)
        )
        self.c.message.emit(
            self.tr("Copied %n URL(s) as %1.", "", len(live)).replace("%1", template.name)
        )
        return len(live)
