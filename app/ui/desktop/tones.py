"""Colours that stay readable: WCAG contrast, and the few accent colours the window uses, each
chosen per theme to reach AA (4.5:1 for text, 3:1 for the edges of controls) on its background.

A colour fixed for a light theme (red #DC2626, amber #B45309, blue #1D4ED8) fell to 2:1 or 3:1
on the dark one; every coloured word goes through :func:`tone` now, and tests measure the pairs.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

TEXT_AA = 4.5
EDGE_AA = 3.0

#: name -> (on a light background, on a dark one)
TONES = {
    "error": ("#B91C1C", "#F87171"),
    "warn": ("#92400E", "#FBBF24"),
    "ok": ("#166534", "#4ADE80"),
    "accent": ("#1D4ED8", "#93C5FD"),
    "muted": ("#5F6368", "#A8AEB4"),  # expired rows, hints: quieter, still AA
    "edge": ("#6B7280", "#9AA0A6"),  # the outline of a control: 3:1 and more
}


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    return (
        0.2126 * _channel(colour.redF())
        + 0.7152 * _channel(colour.greenF())
        + 0.0722 * _channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str, palette: QPalette | None = None) -> QColor:
    light, on_dark = TONES[name]
    return QColor(on_dark if dark(palette) else light)


def css(name: str) -> str:
    """``color: …;`` for a label's style sheet."""
    return f"color: {tone(name).name()};"


def readable(preferred: QColor, background: QColor, fallback: QColor, ratio: float) -> QColor:
    """The preferred colour if it reaches the ratio on the background, else the fallback."""
    return preferred if contrast(preferred, background) >= ratio else fallback
