"""Icons drawn from the SVGs in ``resources/icons``, in the palette's text colour.

The SVGs use one placeholder stroke colour; painting them in the current text colour makes the
same file work on light and dark themes, and rendering from vectors keeps them sharp on HiDPI.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)

from app.resources import resource_path

PLACEHOLDER = "#1F2937"
_SIZES = (16, 20, 24, 32, 48, 64, 96)


def _colour(role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> str:
    app = QGuiApplication.instance()
    if app is None:
        return PLACEHOLDER
    return QGuiApplication.palette().color(role).name()


@cache
def _svg(name: str) -> bytes:
    try:
        return resource_path("icons", f"{name}.svg").read_bytes()
    except OSError:
        return b""


def render(name: str, px: int, colour: str | None = None) -> QImage:
    # QtSvg's Python module loads with the first icon drawn, after the window's first paint (the
    # window icon is Qt's own SVG plugin at work).
    from PySide6.QtSvg import QSvgRenderer

    data = _svg(name).replace(PLACEHOLDER.encode(), (colour or _colour()).encode())
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(QByteArray(data))
    if renderer.isValid():
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, px, px))
        painter.end()
    return image


def icon(name: str, colour: str | None = None) -> QIcon:
    """An icon at every size a toolbar, menu or tray may ask for, sharp at any scale.

    Cached per colour: the list asks for its icons on every repaint, and a palette change
    (light to dark) asks for new ones in the new text colour.
    """
    return _icon(name, colour or _colour())


@cache
def _icon(name: str, shade: str) -> QIcon:
    return QIcon(_Drawn(name, shade))


class _Drawn(QIconEngine):
    """Draws the SVG at the size and in the mode a widget asks for, when it first asks. Drawing
    every size and mode up front was 14 renders per icon, most never shown: 23 icons made before
    the window's first paint (the toolbar, the menus, the tray) took a third of building it."""

    def __init__(self, name: str, shade: str) -> None:
        super().__init__()
        self._name, self._shade = name, shade
        self._drawn: dict[tuple[int, bool], QPixmap] = {}

    def _at(self, px: int, mode: QIcon.Mode) -> QPixmap:
        px = max(1, px)
        faded = mode == QIcon.Mode.Disabled
        pixmap = self._drawn.get((px, faded))
        if pixmap is None:
            image = render(self._name, px, self._shade)
            pixmap = QPixmap.fromImage(_faded(image) if faded else image)
            self._drawn[(px, faded)] = pixmap
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._at(min(size.width(), size.height()), mode)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        drawn = QPixmap(self._at(round(min(size.width(), size.height()) * scale), mode))
        drawn.setDevicePixelRatio(scale)
        return drawn

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        side = round(min(rect.width(), rect.height()) * ratio)
        painter.drawPixmap(rect, self._at(side, mode))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(px, px) for px in _SIZES]

    def clone(self) -> QIconEngine:
        return _Drawn(self._name, self._shade)


def _faded(image: QImage) -> QImage:
    """The icon at a third of its strength: a disabled button keeps its shape (SVG colours have
    no alpha that every renderer reads, so the fading is done on the pixels)."""
    faded = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    faded.fill(Qt.GlobalColor.transparent)
    painter = QPainter(faded)
    painter.setOpacity(0.35)
    painter.drawImage(0, 0, image)
    painter.end()
    return faded


def pixmap(name: str, size: int, ratio: float = 1.0, colour: str | None = None) -> QPixmap:
    return _pixmap(name, size, ratio, colour or _colour())


@cache
def _pixmap(name: str, size: int, ratio: float, colour: str) -> QPixmap:
    image = render(name, round(size * ratio), colour)
    image.setDevicePixelRatio(ratio)
    return QPixmap.fromImage(image)


def app_icon() -> QIcon:
    result = QIcon(str(resource_path("apimodels-uploader.svg")))
    return result if not result.isNull() else icon("app-tray")


def size(px: int) -> QSize:
    return QSize(px, px)
