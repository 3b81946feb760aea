"""Settings: the key goes to the keyring and nowhere else; Test key asks the service; values
persist. Language: the Chinese translation loads and changes what is on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.core.settings import KEYRING_SERVICE, KEYRING_USER, Settings
from app.ui.window.settings_dialog import SettingsDialog
from app.ui.words import i18n
from tests.ui.conftest import Loop

NEW_KEY = "sk-new-key-0123456789abcdef"


def files_containing(folder: Path, needle: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_settings_save_the_key_to_the_keyring_and_never_to_a_file(
    make_window: Any, aloop: Loop, profile: Any, local_server: Any
) -> None:
    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password
    dialog.key.setText(NEW_KEY)
    dialog.show_key.click()
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Normal
    dialog.concurrency.setValue(5)
    dialog.auto_copy.setChecked(False)
    dialog.copy_format.setCurrentIndex(dialog.copy_format.findData("markdown"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert keyring.get_password(KEYRING_SERVICE, KEYRING_USER) == NEW_KEY
    assert window.controller.engine.concurrency == 5
    saved = Settings(profile.settings, env={})
    assert (saved.get("auto_copy"), saved.get("copy_format"), saved.get("concurrency")) == (
        False,
        "markdown",
        5,
    )
    assert files_containing(profile.data, NEW_KEY) == []
    assert window.controller.client.has_key


def test_settings_refuse_a_bad_address_with_a_sentence(make_window: Any) -> None:
    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    dialog.base_url.setText("http://files.example.com")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisibleTo(dialog) and "https://" in dialog.error.text()


def test_test_key_asks_the_service(make_window: Any, aloop: Loop, local_server: Any) -> None:
    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    dialog.key.setText("not-the-key")
    dialog.test.click()
    aloop.until(lambda: dialog.test.isEnabled() and dialog.test_result.text() != "Checking…")
    assert "refused" in dialog.test_result.text()
    dialog.key.setText("test-key")
    dialog.test.click()
    aloop.until(lambda: dialog.test.isEnabled() and dialog.test_result.text() != "Checking…")
    assert dialog.test_result.text() == "The key works."


def test_no_secure_storage_is_said_plainly(make_window: Any, monkeypatch: Any) -> None:
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    window = make_window(key=None)
    status = window.controller.key_status()
    assert "no secure key storage" in status
    sentence = window.controller.save_key("abc-123")
    assert "only until the app closes" in sentence
    assert window.controller.client.has_key


def test_chinese_translation_changes_what_is_on_screen(make_window: Any, qapp: Any) -> None:
    window = make_window()
    english = (
        window.acts.add.text(),
        window.controller.model.headerData(0, Qt.Orientation.Horizontal),
    )
    try:
        assert i18n.apply("zh_CN") == "zh_CN"
        assert window.acts.add.text() == "添加文件(&A)…"
        assert window.acts.menu_file.title() != "&File"
        assert window.empty.title.text() != "Drop images, videos or audio here"
        header = window.controller.model.headerData(0, Qt.Orientation.Horizontal)
        assert header != english[1]
        from datetime import timedelta

        from app.ui.words.text import countdown

        assert countdown(timedelta(days=6, hours=23)) == "6 天 23 小时"
    finally:
        assert i18n.apply("en") == "en"
    assert window.acts.add.text() == english[0]


def test_system_language_picks_chinese_for_a_chinese_locale(qapp: Any) -> None:
    from PySide6.QtCore import QLocale

    assert i18n.pick("system", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "zh_CN"
    assert i18n.pick("system", QLocale(QLocale.Language.German)) == "en"
    assert i18n.pick("en", QLocale(QLocale.Language.Chinese)) == "en"


def deliver_palette_events() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    for kind in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
        QCoreApplication.sendPostedEvents(None, kind)


def test_dark_palette_recolours_banners_and_icons(make_window: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    from app.ui.desktop import theme

    window = make_window(demo=True)
    light_icon = window.acts.add.icon().pixmap(24).toImage().pixelColor(12, 12)
    light_banner = window.demo_banner.styleSheet()
    original = QGuiApplication.palette()
    try:
        QGuiApplication.setPalette(theme.dark_palette())
        deliver_palette_events()
        assert theme.is_dark()
        assert window.demo_banner.styleSheet() != light_banner
        assert window.acts.add.icon().cacheKey() != 0
        dark_icon = window.acts.add.icon().pixmap(24).toImage()
        assert any(
            dark_icon.pixelColor(x, y).lightness() > 150 and dark_icon.pixelColor(x, y).alpha()
            for x in range(24)
            for y in range(24)
        )  # drawn in the light text colour now
    finally:
        QGuiApplication.setPalette(original)
        deliver_palette_events()
    assert window.demo_banner.styleSheet() == light_banner
    del light_icon
