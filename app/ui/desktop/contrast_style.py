"""Fusion with edges that can be seen: every control's outline at 3:1 or more against its
background, in light and dark (WCAG AA 1.4.11), and a focus ring that stands out.

Fusion derives its outlines from the window colour (a shade darker): on a dark palette an
unchecked checkbox was a 1.1:1 square on its background, invisible. Fusion still draws each
control here; this style draws a clear edge over it, and a 2-pixel ring in the highlight colour
for the focus. Item views draw their own ring around the whole current row (table/view.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from app.ui.desktop import tones

PE = QStyle.PrimitiveElement

_EDGED = {
    PE.PE_IndicatorCheckBox: 3.0,
    PE.PE_IndicatorItemViewItemCheck: 3.0,
    PE.PE_FrameLineEdit: 2.5,
    PE.PE_PanelButtonCommand: 2.5,
}


#: The selection when the palette's own is too faint (Fusion's light #308CC6 carries white text
#: at 3.5:1): white on it is 5.2:1, and it stands 3:1 and more off a white or a near-black list.
SELECTION = "#2563EB"


def fitted(palette: QPalette) -> QPalette:
    """The palette with its selection, placeholder and link colours brought up to AA."""
    role = QPalette.ColorRole
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        base = palette.color(group, role.Base)
        highlight = palette.color(group, role.Highlight)
        on_it = palette.color(group, role.HighlightedText)
        if (
            tones.contrast(highlight, on_it) < tones.TEXT_AA
            or tones.contrast(highlight, base) < tones.EDGE_AA
        ):
            palette.setColor(group, role.Highlight, QColor(SELECTION))
            palette.setColor(group, role.HighlightedText, QColor("#FFFFFF"))
        if tones.contrast(palette.color(group, role.PlaceholderText), base) < tones.TEXT_AA:
            palette.setColor(group, role.PlaceholderText, tones.tone("muted", palette))
        for link in (role.Link, role.LinkVisited):
            if tones.contrast(palette.color(group, link), base) < tones.TEXT_AA:
                palette.setColor(group, link, tones.tone("accent", palette))
    return palette


def focus_colour(palette: QPalette) -> QColor:
    """The highlight, if it stands out 3:1 from the window; else the text colour."""
    return tones.readable(
        palette.color(QPalette.ColorRole.Highlight),
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.WindowText),
        tones.EDGE_AA,
    )


def _edge(painter: QPainter, rect: QRectF, palette: QPalette, radius: float, round_: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(tones.tone("edge", palette), 1.0))
    inner = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    if round_:
        painter.drawEllipse(inner)
    else:
        painter.drawRoundedRect(inner, radius, radius)
    painter.restore()


class ContrastStyle(QProxyStyle):
    def polish(self, target: Any) -> Any:
        # Qt passes every application palette (the platform's, a dark one of ours) through here.
        if isinstance(target, QPalette):
            return fitted(QPalette(super().polish(target) or target))
        return super().polish(target)

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == PE.PE_FrameFocusRect:
            if isinstance(widget, QAbstractItemView):
                return  # the view rings the whole current row instead of one cell
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(focus_colour(option.palette), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(option.rect).adjusted(1, 1, -1, -1), 3, 3)
            painter.restore()
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == PE.PE_IndicatorRadioButton:
            _edge(painter, QRectF(option.rect), option.palette, 0, round_=True)
        elif element in _EDGED:
            _edge(painter, QRectF(option.rect), option.palette, _EDGED[element], round_=False)

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox):
            _edge(painter, QRectF(option.rect), option.palette, 2.5, round_=False)
