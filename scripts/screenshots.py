"""Pictures of the real app for the README, taken under Xvfb in demo mode.

    bash run.sh screenshots            # installs Xvfb if needed, writes docs/screenshots/*.png

It starts the window against the in-process local service, uploads generated files (the service
reads PUT bodies slowly, so progress can be seen), and saves: the empty window, uploads in
progress, the finished list with countdowns (a few older uploads are put in the history first, so
the colours of "expires soon" and "expired" show), the settings, the first-run key panel, dark
mode, the Chinese interface, a window half a laptop screen wide, and the overlay shown while files
are dragged over the window.
"""

from __future__ import annotations

import asyncio
import os
import struct
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

MiB = 1024 * 1024


def picture(path: Path, hue: int, label: str) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

    image = QImage(960, 640, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(960, 640))
    gradient.setColorAt(0, QColor.fromHsv(hue, 160, 240))
    gradient.setColorAt(1, QColor.fromHsv((hue + 60) % 360, 200, 120))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 64, QFont.Weight.Bold))
    painter.drawText(QRectF(image.rect()), Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    image.save(str(path))  # the format follows the suffix


def padded(path: Path, head: bytes, size: int) -> None:
    with path.open("wb") as handle:
        handle.write(head)
        block = bytes(range(256)) * 4096
        left = size - len(head)
        while left > 0:
            handle.write(block[:left])
            left -= len(block)


def make_media(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, (hue, label, name) in enumerate(
        [(200, "Portrait", "portrait.jpg"), (20, "Sunset", "sunset.png"),
         (280, "Product", "product shot.png")]
    ):  # fmt: skip
        path = folder / name
        picture(path, hue + i, label)
        files.append(path)
    video = folder / "reference clip.mp4"
    padded(video, struct.pack(">I", 24) + b"ftypmp42\x00\x00\x00\x00mp42isom", 36 * MiB)
    notes = folder / "shot list.txt"
    notes.write_text("1. wide\n2. close-up\n")
    poster = folder / "print poster.png"
    picture(poster, 50, "Poster")
    with poster.open("ab") as handle:  # a picture over the 10 MB cap for images
        handle.truncate(11 * MiB)
    voice = folder / "voice-over.wav"
    fmt = struct.pack("<4sIHHIIHH", b"fmt ", 16, 1, 1, 44100, 88200, 2, 16)
    padded(voice, b"RIFF" + struct.pack("<I", 12 * MiB - 8) + b"WAVE" + fmt + b"data", 12 * MiB)
    return [*files, video, voice, notes, poster]


def seed_history(history: object, folder: Path) -> None:
    now = datetime.now(UTC)
    for name, age in (("moodboard.png", timedelta(days=6, hours=19, minutes=10)),
                      ("logo draft.png", timedelta(days=8))):  # fmt: skip
        path = folder / name
        picture(path, 120 if "mood" in name else 330, name.split()[0].split(".")[0].title())
        url = "https://files.apimodels.app/public/uploads/u1a2b3c/" + name.replace(" ", "-")
        history.add(  # type: ignore[attr-defined]
            name=name, size=path.stat().st_size, mime="image/png", public_url=url,
            uploaded_at=now - age, source_path=str(path),
        )  # fmt: skip


async def shoot(out: Path, work: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from app.core.settings import AppPaths, KeyStore, Settings
    from app.ui.control.controller import Controller
    from app.ui.desktop import theme
    from app.ui.table.rows import Row, RowState
    from app.ui.window.mainwindow import MainWindow
    from app.ui.window.settings_dialog import SettingsDialog
    from app.ui.words import i18n

    app = QApplication.instance()
    assert isinstance(app, QApplication)

    async def settle(seconds: float = 0.4) -> None:
        await asyncio.sleep(seconds)

    def save(widget: object, name: str) -> None:
        pixmap = widget.grab()  # type: ignore[attr-defined]
        pixmap.save(str(out / name))
        print(f"saved {out / name} ({pixmap.width()}x{pixmap.height()})")

    paths = AppPaths.resolve(work / "profile")
    settings = Settings(paths.settings, env={})
    controller = Controller(paths, settings, KeyStore(env={}), demo=True)
    window = MainWindow(controller)
    window.resize(1180, 660)
    controller.start()
    window.show()
    await settle(0.8)
    save(window, "01-empty.png")

    media = make_media(work / "media")
    assert controller.history is not None
    seed_history(controller.history, work / "media")
    controller.model.insert([Row.from_record(r) for r in controller.history.recent()], at_top=False)
    controller.server.faults.throttle(6 * MiB)
    window.add_paths([str(p) for p in media])
    model = controller.model

    def moving() -> bool:
        rows = model.find(lambda r: r.state is RowState.UPLOADING and r.kind == "video")
        return bool(rows) and rows[0].fraction > 0.35

    while not moving():
        await settle(0.1)
    await settle(0.3)
    save(window, "02-uploading.png")
    controller.server.faults.throttle(None)
    await controller.engine.wait_idle()
    while controller.active_count():
        await settle(0.1)
    await settle(0.6)
    window.view.selectRow(1)
    window.view.refresh_countdowns()
    await settle(0.3)
    save(window, "03-finished.png")

    dialog = SettingsDialog(controller, window)
    dialog.show()
    await settle(0.4)
    save(dialog, "04-settings.png")
    dialog.close()

    theme.apply("dark")
    await settle(0.6)
    save(window, "05-dark.png")
    theme.apply("light")

    i18n.apply("zh_CN")
    window.statusBar().clearMessage()  # said in English before the switch
    await settle(0.6)
    save(window, "06-chinese.png")
    i18n.apply("en")

    window.resize(640, 480)
    await settle(0.6)
    save(window, "08-narrow.png")
    window.resize(1180, 660)
    await settle(0.4)

    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in media[:3]])
    enter = QDragEnterEvent(
        QPointF(window.rect().center()).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    await settle(0.4)
    save(window, "09-drop-overlay.png")
    QApplication.sendEvent(window, QDragLeaveEvent())

    window.hide()
    first = Controller(AppPaths.resolve(work / "fresh"), Settings(None, env={}), KeyStore(env={}))
    welcome = MainWindow(first)
    welcome.resize(1000, 560)
    first.start()
    welcome.show()
    await settle(0.6)
    save(welcome, "07-first-run.png")
    welcome._quitting = True
    welcome.close()
    await first.shutdown()
    await controller.shutdown()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    for var in ("APIMODELS_API_KEY", "APIMODELS_BASE_URL", "APIMODELS_DATA_DIR", "LANG"):
        os.environ.pop(var, None)
    import qasync
    import translations
    from PySide6.QtWidgets import QApplication

    from app.ui.desktop import icons, theme
    from app.ui.words import i18n

    translations.build(quiet=True)
    app = QApplication([sys.argv[0]])
    theme.install_style(app)  # as the app does (app/ui/app.py)
    app.setWindowIcon(icons.app_icon())
    i18n.apply("en")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as work, loop:
        loop.run_until_complete(shoot(out, Path(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
