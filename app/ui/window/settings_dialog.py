"""Preferences: the key (masked, kept in the keyring), where the API is, and how the app behaves."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.escape import escape_controls
from app.core.settings import OPTIONS, SettingsError
from app.ui.control.controller import Controller
from app.ui.desktop import icons, theme, tones
from app.ui.window.intake_settings import IntakeSettings
from app.ui.window.settings_extra import ExpiryNoticeRow, TemplatesButton
from app.ui.words.i18n import LANGUAGES


class SettingsDialog(QDialog):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setMinimumWidth(520)
        self._refused_key: str | None = None  # the key Test key just saw refused
        settings = controller.settings
        layout = QVBoxLayout(self)
        self.form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(form)

        self.key = QLineEdit(self)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setClearButtonEnabled(True)
        self.show_key = QPushButton(self)
        self.show_key.setCheckable(True)
        self.show_key.toggled.connect(self._on_show_key)
        self.test = QPushButton(self)
        self.test.setIcon(icons.icon("key"))
        self.test.clicked.connect(self._on_test)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.show_key)
        key_row.addWidget(self.test)
        self.key_label = QLabel(self)
        form.addRow(self.key_label, key_row)
        self.key_status = QLabel(self)
        self.key_status.setWordWrap(True)
        self.key_status.setMinimumWidth(360)
        form.addRow("", self.key_status)
        self.test_result = QLabel(self)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)  # may quote the server
        self.test_result.setWordWrap(True)
        self.test_result.setMinimumWidth(360)
        form.addRow("", self.test_result)
        form.setRowVisible(self.test_result, False)  # until Test key has something to say

        # The saved address, not the environment's: saving must not copy an override into the file.
        self.base_url = QLineEdit(settings.saved("base_url"), self)
        self.base_url_label = QLabel(self)
        form.addRow(self.base_url_label, self.base_url)
        self.base_url_override = QLabel(self)
        self.base_url_override.setWordWrap(True)
        self.base_url_override.setTextFormat(Qt.TextFormat.PlainText)
        self.base_url_override.setStyleSheet(tones.css("warn"))
        form.addRow("", self.base_url_override)
        form.setRowVisible(self.base_url_override, settings.overridden_by("base_url") is not None)
        option = OPTIONS["concurrency"]
        self.concurrency = QSpinBox(self)
        self.concurrency.setRange(option.minimum or 1, option.maximum or 16)
        self.concurrency.setValue(settings.get("concurrency"))
        self.concurrency_label = QLabel(self)
        form.addRow(self.concurrency_label, self.concurrency)
        self.auto_copy = QCheckBox(self)
        self.auto_copy.setChecked(settings.get("auto_copy"))
        form.addRow("", self.auto_copy)
        self.direct = QCheckBox(self)
        self.direct.setChecked(settings.get("direct_small_files"))
        form.addRow("", self.direct)
        self.expiry_notice = ExpiryNoticeRow(controller, self)
        form.addRow("", self.expiry_notice)
        self.clean_metadata = QCheckBox(self)
        self.clean_metadata.setChecked(settings.get("clean_metadata"))
        form.addRow("", self.clean_metadata)
        self.over_limit = QComboBox(self)
        self.over_limit_label = QLabel(self)
        form.addRow(self.over_limit_label, self.over_limit)
        self.copy_format = QComboBox(self)
        self.copy_format_label = QLabel(self)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.copy_format, 1)
        self.templates = TemplatesButton(controller, self)
        copy_row.addWidget(self.templates)
        form.addRow(self.copy_format_label, copy_row)
        self.language = QComboBox(self)
        self.language_label = QLabel(self)
        form.addRow(self.language_label, self.language)
        self.theme = QComboBox(self)
        self.theme_label = QLabel(self)
        form.addRow(self.theme_label, self.theme)
        self.theme_override = QLabel(self)
        self.theme_override.setWordWrap(True)
        self.theme_override.setStyleSheet(tones.css("warn"))
        form.addRow("", self.theme_override)
        form.setRowVisible(self.theme_override, theme.chosen("") != "")
        self.intake = IntakeSettings(self, form, settings)  # watched folder, copied images
        for label, field in (
            (self.key_label, self.key),
            (self.base_url_label, self.base_url),
            (self.concurrency_label, self.concurrency),
            (self.over_limit_label, self.over_limit),
            (self.copy_format_label, self.copy_format),
            (self.language_label, self.language),
            (self.theme_label, self.theme),
        ):
            label.setBuddy(field)

        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(tones.css("error"))
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.retranslate()
        if controller.demo:
            self.key.setEnabled(False)
            self.test.setEnabled(False)
            self.base_url.setEnabled(False)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.key_label.setText(self.tr("API &key:"))
        if self.controller.keys.get():
            self.key.setPlaceholderText(self.tr("Leave empty to keep the current key"))
        else:
            self.key.setPlaceholderText(self.tr("Paste your API key"))
        # Wide enough for the whole hint, with room for the clear button.
        hint = self.key.fontMetrics().horizontalAdvance(self.key.placeholderText())
        self.key.setMinimumWidth(hint + 48)
        self.key.setAccessibleName(self.tr("API key"))
        self.show_key.setText(self.tr("Hide") if self.show_key.isChecked() else self.tr("Show"))
        self.show_key.setAccessibleName(self.tr("Show the key"))
        self.test.setText(self.tr("&Test key"))
        self.key_status.setText(self.controller.key_status())
        self.base_url_label.setText(self.tr("API add&ress:"))
        variable = self.controller.settings.overridden_by("base_url")
        if variable:
            self.base_url_override.setText(
                self.tr(
                    "%1 is set in the environment, so the app uses %2 instead of this address. "
                    "Change or remove %1 to use the address here."
                )
                .replace("%1", variable)
                .replace("%2", str(self.controller.settings.get("base_url")))
            )
        self.concurrency_label.setText(self.tr("&Uploads at once:"))
        self.auto_copy.setText(self.tr("&Copy the URL when an upload finishes"))
        self.direct.setText(self.tr("Send files of 4 MB or less &directly to the API"))
        self.clean_metadata.setText(self.tr("Remove location and camera details before upload"))
        self.over_limit_label.setText(self.tr("Files o&ver the limit:"))
        limit = self.over_limit.currentData() or self.controller.settings.get("over_limit")
        self.over_limit.clear()
        self.over_limit.addItem(self.tr("Ask"), "ask")
        self.over_limit.addItem(self.tr("Make them fit"), "fit")
        self.over_limit.addItem(self.tr("Refuse"), "refuse")
        self.over_limit.setCurrentIndex(max(0, self.over_limit.findData(limit)))
        self.copy_format_label.setText(self.tr("Copy &format:"))
        self.language_label.setText(self.tr("&Language:"))
        current = self.copy_format.currentData() or self.controller.settings.get("copy_format")
        self.copy_format.clear()
        for value, label in (
            ("url", self.tr("Plain URL")),
            ("markdown", self.tr("Markdown")),
            ("html", self.tr("HTML")),
            ("call", self.tr("Ready generation call (curl / JSON)")),
        ):
            self.copy_format.addItem(label, value)
        self.copy_format.setCurrentIndex(max(0, self.copy_format.findData(current)))
        language = self.language.currentData() or self.controller.settings.get("language")
        self.language.clear()
        self.language.addItem(self.tr("Same as the system"), "system")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.theme_label.setText(self.tr("&Appearance:"))
        scheme = self.theme.currentData() or self.controller.settings.get("theme")
        self.theme.clear()
        self.theme.addItem(self.tr("Same as the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(scheme)))
        self.theme_override.setText(
            self.tr(
                "%1 is set in the environment and decides the appearance while it is set."
            ).replace("%1", theme.ENV_SCHEME)
        )
        self.intake.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_show_key(self, shown: bool) -> None:
        self.key.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _on_test(self) -> None:
        key = self.key.text().strip() or (self.controller.keys.get() or "")
        self.test.setEnabled(False)
        self.test_result.setText(self.tr("Checking…"))
        self.form.setRowVisible(self.test_result, True)
        self.controller.spawn(self._test(key, self.base_url.text().strip().rstrip("/")))

    async def _test(self, key: str, base_url: str) -> None:
        try:
            ok, sentence = await self.controller.test_key(key, base_url)
        finally:
            self.test.setEnabled(True)
        self._refused_key = None if ok else key
        self.test_result.setText(escape_controls(sentence))
        self.test_result.setStyleSheet(tones.css("ok" if ok else "error"))
        self._fit_sentences()

    def _fit_sentences(self) -> None:
        """Wrapped sentences in a form get the height their lines need, and the dialog grows."""
        self._fit_labels()
        if (layout := self.layout()) is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def _fit_labels(self) -> None:
        for label in (
            self.key_status,
            self.test_result,
            self.base_url_override,
            self.theme_override,
        ):
            needed = label.heightForWidth(max(label.width(), label.minimumWidth()))
            label.setMinimumHeight(max(0, needed))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def values(self) -> dict[str, object]:
        return {
            "base_url": self.base_url.text(),
            "concurrency": self.concurrency.value(),
            "auto_copy": self.auto_copy.isChecked(),
            "direct_small_files": self.direct.isChecked(),
            "clean_metadata": self.clean_metadata.isChecked(),
            "over_limit": self.over_limit.currentData(),
            "copy_format": self.copy_format.currentData(),
            "language": self.language.currentData(),
            "theme": self.theme.currentData(),
            **self.expiry_notice.values(),
            **self.intake.values(),
        }

    def _on_save(self) -> None:
        key = self.key.text().strip()
        if key and key == self._refused_key and not self._save_refused_key():
            return
        try:
            note = self.controller.save_key(key) if key else ""
            values = self.values()
            if self.controller.demo:
                values.pop("base_url")
            self.controller.apply_settings(values)
        except SettingsError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.key.clear()
        theme.apply(theme.chosen(str(self.controller.settings.get("theme"))))
        if note:
            self.controller.message.emit(note)
        self.accept()

    def _save_refused_key(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Save a refused key?"),
            self.tr(
                "The service refused this key when you tested it. Uploads with it will fail. "
                "Save it anyway?"
            ),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save
