"""Parts of the settings dialog added with renewal and copy templates (kept out of its module)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QSpinBox, QWidget

from app.core.settings import OPTIONS

if TYPE_CHECKING:
    from app.ui.control.controller import Controller


class ExpiryNoticeRow(QWidget):
    """[x] Say when links will expire, [24] hours ahead (at most once a day)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = controller
        settings = controller.settings
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self)
        self.enabled.setChecked(settings.get("expiry_notice"))
        option = OPTIONS["expiry_notice_hours"]
        self.hours = QSpinBox(self)
        self.hours.setRange(option.minimum or 1, option.maximum or 72)
        self.hours.setValue(settings.get("expiry_notice_hours"))
        self.hours.setEnabled(self.enabled.isChecked())
        self.enabled.toggled.connect(self.hours.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.hours)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.enabled.setText(self.tr("Say when links will &expire, ahead by"))
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setAccessibleName(self.tr("Hours ahead of expiry"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def values(self) -> dict[str, object]:
        return {
            "expiry_notice": self.enabled.isChecked(),
            "expiry_notice_hours": self.hours.value(),
        }


class TemplatesButton(QPushButton):
    """Beside the copy format: the person's own formats (templates_dialog.py)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = controller
        self.clicked.connect(self._edit)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Own te&mplates…"))
        self.setToolTip(self.tr("Formats of your own for Copy as, such as ![{name}]({url})"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _edit(self) -> None:
        from app.ui.window.templates_dialog import TemplatesDialog

        dialog = TemplatesDialog(self.c, self.window())
        dialog.exec()
        dialog.deleteLater()
