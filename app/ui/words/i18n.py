"""Loading the interface language: our own strings and Qt's (dialog buttons and the like)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from app.resources import resource_path

log = logging.getLogger("apimodels.ui")

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []


def pick(setting: str, system: QLocale | None = None) -> str:
    """The language to use: the setting, or for "system" Chinese when the system reads Chinese."""
    if setting in LANGUAGES:
        return setting
    locale = system or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def apply(setting: str) -> str:
    """Install the translators for a language (replacing any earlier ones); returns the one used.

    Widgets retranslate themselves on the LanguageChange event, delivered here at once.
    """
    language = _install(setting)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return language


def _install(setting: str) -> str:
    app = QCoreApplication.instance()
    assert app is not None
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = pick(setting)
    QLocale.setDefault(QLocale(language))  # numbers and sizes the language's way
    ours = QTranslator(app)
    path = resource_path("translations", f"apimodels_uploader_{language}.qm")
    if ours.load(str(path)):
        app.installTranslator(ours)
        _installed.append(ours)
    elif language != "en":
        log.warning("no translation file at %s; staying in English", path.name)
        return _install("en")
    if language == "en":
        return language  # English has only our plural forms ("1 file", "3 files")
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return language
