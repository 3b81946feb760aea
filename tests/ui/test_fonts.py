"""Chinese without a font that has Chinese characters: English, and the package to install."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtGui import QFontDatabase

from app.ui.words import fonts, i18n


def test_no_cjk_font_keeps_english_and_names_the_package(qapp: Any) -> None:
    try:
        language, hint = fonts.apply_readable("zh_CN", families=[])
        assert language == "en"
        assert hint is not None and "Chinese characters" in hint
        if sys.platform.startswith("linux"):
            assert "fonts-noto-cjk" in hint
        assert i18n.pick("en") == "en" and qapp.translate("Actions", "&Paste") == "&Paste"
        language, hint = fonts.apply_readable("zh_CN", families=["Noto Sans CJK SC"])
        assert (language, hint) == ("zh_CN", None)
        assert qapp.translate("Actions", "&Paste") != "&Paste"
    finally:
        i18n.apply("en")
    assert fonts.font_hint("en", families=[]) is None


def test_the_check_asks_the_fonts_this_system_has(qapp: Any) -> None:
    has = bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    assert (fonts.font_hint("zh_CN") is None) == has
