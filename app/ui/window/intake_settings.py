"""The settings of files from anywhere: the watched folder and copied images (issue 17).

Rows of the Settings dialog's form, kept here so the dialog only places them and reads them."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.settings import Settings, SettingsError


class IntakeSettings(QObject):
    def __init__(self, parent: QWidget, form: QFormLayout, settings: Settings) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.watch = QCheckBox(parent)
        self.watch.setChecked(bool(settings.get("watch_enabled")))
        form.addRow("", self.watch)
        self.folder = QLineEdit(str(settings.get("watch_folder")), parent)
        self.folder.setClearButtonEnabled(True)
        self.choose = QPushButton(parent)
        self.choose.clicked.connect(self._on_choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose)
        self.folder_label = QLabel(parent)
        self.folder_label.setBuddy(self.folder)
        form.addRow(self.folder_label, row)
        self.clipboard = QComboBox(parent)
        self.clipboard_label = QLabel(parent)
        self.clipboard_label.setBuddy(self.clipboard)
        form.addRow(self.clipboard_label, self.clipboard)
        self._clipboard_value = str(settings.get("clipboard_images"))
        self.watch.toggled.connect(self._on_toggled)
        self._on_toggled(self.watch.isChecked())

    def retranslate(self) -> None:
        self.watch.setText(self.tr("&Watch a folder: upload new images, video and audio in it"))
        self.folder_label.setText(self.tr("Folder &path:"))
        self.folder.setPlaceholderText(self.tr("Choose a folder, e.g. where a generator saves"))
        self.folder.setAccessibleName(self.tr("Watched folder"))
        self.choose.setText(self.tr("C&hoose…"))
        self.clipboard_label.setText(self.tr("Copied &images:"))
        current = self.clipboard.currentData() or self._clipboard_value
        self.clipboard.clear()
        self.clipboard.addItem(self.tr("Leave them alone"), "off")
        self.clipboard.addItem(self.tr("Offer to upload them"), "offer")
        self.clipboard.addItem(self.tr("Upload them at once"), "upload")
        self.clipboard.setCurrentIndex(max(0, self.clipboard.findData(current)))

    def values(self) -> dict[str, object]:
        folder = self.folder.text().strip()
        if self.watch.isChecked():
            if not folder:
                raise SettingsError(self.tr("Choose the folder to watch, or turn watching off."))
            if not os.path.isdir(os.path.expanduser(folder)):
                raise SettingsError(
                    self.tr("%1 is not a folder on this computer. Choose another.").replace(
                        "%1", folder
                    )
                )
        return {
            "watch_enabled": self.watch.isChecked(),
            "watch_folder": folder,
            "clipboard_images": self.clipboard.currentData(),
        }

    def _on_toggled(self, on: bool) -> None:
        self.folder.setEnabled(on)
        self.choose.setEnabled(on)

    def _on_choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self.parent_widget, self.tr("Folder to watch"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)
