"""Every icon the installers need, drawn from the one SVG in resources/ by Qt's own renderer.

PNG sizes for the hicolor theme and the Windows/macOS containers; .ico (PNG-compressed entries,
Vista and later) and .icns are plain container formats, written here rather than adding a
build-only dependency for them.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (the @2x types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_pngs(svg: Path, out: Path, name: str) -> dict[int, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG that Qt can draw")
    out.mkdir(parents=True, exist_ok=True)
    written: dict[int, Path] = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = out / f"{name}-{size}.png"
        if not image.save(str(path)):  # the format follows the .png suffix
            raise SystemExit(f"could not write {path}")
        written[size] = path
    return written


def write_ico(pngs: dict[int, Path], path: Path) -> None:
    images = [(size, pngs[size].read_bytes()) for size in ICO_SIZES]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, data in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    path.write_bytes(header + entries + blobs)


def write_icns(pngs: dict[int, Path], path: Path) -> None:
    body = b""
    for kind, size in ICNS_TYPES:
        data = pngs[size].read_bytes()
        body += kind + struct.pack(">I", 8 + len(data)) + data
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def build_icons(svg: Path, out: Path, name: str = "apimodels-uploader") -> dict[str, Path]:
    pngs = render_pngs(svg, out, name)
    ico, icns = out / f"{name}.ico", out / f"{name}.icns"
    write_ico(pngs, ico)
    write_icns(pngs, icns)
    return {"ico": ico, "icns": icns, **{str(size): p for size, p in pngs.items()}}
