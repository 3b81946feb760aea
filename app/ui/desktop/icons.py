"""Icons drawn from the SVGs in ``resources/icons``, in the palette's text colour.

The SVGs use one placeholder stroke colour; painting them in the current text colour makes the
same file work on light and dark themes, and rendering from vectors keeps them sharp on HiDPI.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap

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
    result = QIcon()
    for px in _SIZES:
        normal = render(name, px, shade)
        result.addPixmap(QPixmap.fromImage(normal), QIcon.Mode.Normal)
        result.addPixmap(QPixmap.fromImage(_faded(normal)), QIcon.Mode.Disabled)
    return result


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
