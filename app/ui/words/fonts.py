"""A language the screen cannot show: Chinese without a font that has Chinese characters.

Qt draws a box for every character no installed font has. Chinese on a system without a CJK font
was a window of boxes with no hint why; the window stays in English then, and says which
package brings the font.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase

from app.ui.words import i18n

_SCRIPTS = {"zh_CN": QFontDatabase.WritingSystem.SimplifiedChinese}


def font_hint(language: str, families: Sequence[str] | None = None) -> str | None:
    """Why ``language`` cannot be shown, and what to install; None when it can.

    ``families``: the fonts that can write the language's script (default: asked of Qt)."""
    script = _SCRIPTS.get(language)
    if script is None:
        return None
    if families is None:
        families = QFontDatabase.families(script)
    if families:
        return None
    if sys.platform.startswith("linux"):
        package = QCoreApplication.translate(
            "Fonts",
            "on Debian and Ubuntu: sudo apt install fonts-noto-cjk; on Fedora: sudo dnf "
            "install google-noto-sans-cjk-fonts",
        )
    else:
        package = QCoreApplication.translate("Fonts", "the system's Chinese language support")
    return QCoreApplication.translate(
        "Fonts",
        "Chinese needs a font with Chinese characters, and none is installed, so the window "
        "stays in English. Install one (%1), then restart the app.",
    ).replace("%1", package)


def apply_readable(setting: str, families: Sequence[str] | None = None) -> tuple[str, str | None]:
    """The language as i18n.apply puts it in place, unless no font can show it: then English,
    and the sentence that says why (worded in English, which the window then is)."""
    wanted = i18n.pick(setting)
    hint = font_hint(wanted, families)
    if hint is None:
        return i18n.apply(setting), None
    i18n.apply("en")
    return "en", font_hint(wanted, families)
