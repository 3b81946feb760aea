"""Light and dark: follow the system, or what Settings (or APIMODELS_COLOR_SCHEME) asks for.

Qt 6.8+ follows the desktop's colour scheme by itself where the platform reports one; where it
does not (a bare X server, some window managers) a requested dark scheme gets Fusion's dark palette.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_forced = False  # a palette of ours replaced the platform's
_scheme = "system"
_watching = False


ENV_SCHEME = "APIMODELS_COLOR_SCHEME"


def chosen(setting: str) -> str:
    """The scheme to use: the environment's when it names one, else the setting."""
    return os.environ.get(ENV_SCHEME, "").strip().lower() or setting


def is_dark() -> bool:
    return QGuiApplication.palette().window().color().lightness() < 128


def install_style(app: QApplication, base: str | None = "Fusion") -> None:
    """Fusion (or ``base``), with edges and a focus ring that can be seen (contrast_style.py)."""
    from app.ui.desktop.contrast_style import ContrastStyle

    style = ContrastStyle(base) if base else ContrastStyle()
    app.setStyle(style)
    _fit(app)


def dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202124", role.WindowText: "#E8EAED", role.Base: "#18191B",
        role.AlternateBase: "#232427", role.ToolTipBase: "#2D2E31", role.ToolTipText: "#E8EAED",
        role.PlaceholderText: "#9AA0A6", role.Text: "#E8EAED", role.Button: "#2D2E31",
        role.ButtonText: "#E8EAED", role.BrightText: "#FFFFFF", role.Light: "#3C4043",
        role.Midlight: "#35363A", role.Mid: "#2A2B2E", role.Dark: "#151618",
        role.Shadow: "#000000", role.Highlight: "#3B82F6", role.HighlightedText: "#FFFFFF",
        role.Link: "#8AB4F8", role.LinkVisited: "#C58AF9",
    }  # fmt: skip
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#6B7075"))
    return p


def apply(scheme: str) -> None:
    """``dark``, ``light`` or anything else for the system's choice."""
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    hints = app.styleHints()
    global _forced, _scheme
    _scheme = scheme
    if scheme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        if not is_dark():
            app.setPalette(dark_palette())
            _forced = True
    elif scheme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        if is_dark():
            app.setPalette(app.style().standardPalette())  # type: ignore[attr-defined]
            _forced = True
    else:
        hints.unsetColorScheme()
        if _forced:  # back to the platform's own palette
            app.setPalette(QPalette())
            _forced = False
    _fit(app)


def _fit(app: QGuiApplication) -> None:
    """The palette's selection, placeholder and links brought up to WCAG AA where they fall
    short (Fusion's light selection carries white text at 3.5:1): contrast_style.fitted."""
    from app.ui.desktop.contrast_style import fitted

    global _forced, _watching
    current = app.palette()
    better = fitted(QPalette(current))
    if better != current:
        app.setPalette(better)
        _forced = True
    if not _watching:
        # A palette of ours no longer follows the desktop by itself: a scheme changed there
        # (system mode) is applied again, from the platform's palette.
        _watching = True
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _follow_system())


def _follow_system() -> None:
    if _scheme not in ("dark", "light"):
        apply(_scheme)
