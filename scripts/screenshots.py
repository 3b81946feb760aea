"""Pictures of the real app for the README, taken under Xvfb in demo mode.

    bash run.sh screenshots            # installs Xvfb if needed, writes docs/screenshots/*.png

It starts the window against the in-process local service, uploads generated files (the service
reads PUT bodies slowly, so progress can be seen), and saves: the empty window, uploads in
progress, the finished list with countdowns (a few older uploads are put in the history first, so
the colours of "expires soon" and "expired" show), the settings, the first-run key panel, dark
mode, the Chinese interface, a window half a laptop screen wide, the overlay shown while files
are dragged over the window, links in their last day offering Renew with the expiry notice, and a
row's QR code.

Each picture is one ``scene_*`` function; ``SCENES`` lists them in the order they are taken (each
starts from the window the one before left). A new picture is one more function there.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import struct
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

MiB = 1024 * 1024
#: The main window's size: tall enough for every row of the finished list.
SIZE = (1180, 800)


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


SEEDED = (  # name, age, hue: a link in its last hours, one with most of a day left, a fresh one
    # (for the QR code, whose URL reads like a real one), and one that expired
    ("moodboard.png", timedelta(days=6, hours=19, minutes=10), 120),
    ("style reference.png", timedelta(days=6, hours=2, minutes=40), 170),
    ("character sheet.png", timedelta(hours=20, minutes=5), 240),
    ("logo draft.png", timedelta(days=8), 330),
)


def seed_history(controller: Any, folder: Path) -> list[Any]:
    """Older uploads, written on the engine's thread (which owns the history's connection); the
    rows they make, for the list."""
    from app.core.history import History
    from app.ui.table.rows import Row

    now = datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for name, age, hue in SEEDED:
        path = folder / name
        picture(path, hue, name.split()[0].split(".")[0].title())
        url = "https://files.apimodels.app/public/uploads/u1a2b3c/" + name.replace(" ", "-")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # Renew checks the content
        items.append((name, path, url, now - age, digest))

    def write(history: History) -> list[Any]:
        for name, path, url, at, digest in items:
            history.add(
                name=name, size=path.stat().st_size, mime="image/png", public_url=url,
                uploaded_at=at, source_path=str(path), sha256=digest,
            )  # fmt: skip
        return history.recent(limit=len(items))

    records = controller.history.ask(write).result(60)
    return [Row.from_record(r) for r in records]


class Shoot:
    """What the scenes share: the window, its controller, the media and where pictures go."""

    def __init__(self, out: Path, work: Path) -> None:
        self.out, self.work = out, work
        self.window: Any = None
        self.controller: Any = None
        self.media: list[Path] = []

    async def settle(self, seconds: float = 0.4) -> None:
        await asyncio.sleep(seconds)

    def save(self, widget: Any, name: str) -> None:
        pixmap = widget.grab()
        pixmap.save(str(self.out / name))
        print(f"saved {self.out / name} ({pixmap.width()}x{pixmap.height()})")

    def save_screen(self, widget: Any, name: str) -> None:
        """The widget's part of the screen, with the popups over it (which grab() leaves out)."""
        from PySide6.QtCore import QPoint

        corner = widget.mapToGlobal(QPoint(0, 0))
        screen = widget.screen()
        pixmap = screen.grabWindow(0, corner.x(), corner.y(), widget.width(), widget.height())
        pixmap.save(str(self.out / name))
        print(f"saved {self.out / name} ({pixmap.width()}x{pixmap.height()})")

    def select(self, name: str) -> Any:
        """Select the row of that name (the list shows the model through a sorting proxy)."""
        model = self.controller.model
        (row,) = model.find(lambda r: r.name == name)
        shown = self.window.view.model().mapFromSource(model.index(model.position(row), 0))
        self.window.view.selectRow(shown.row())
        self.window.view.scrollTo(shown)
        return shown

    def quiet(self) -> None:
        """No notice left over from an earlier scene, nothing in the status bar."""
        self.window.notices.clear()
        self.window.statusBar().clearMessage()


async def scene_empty(s: Shoot) -> None:
    await s.settle(0.8)
    s.save(s.window, "01-empty.png")


async def scene_uploading(s: Shoot) -> None:
    from app.ui.table.rows import RowState

    c = s.controller
    # The made-up files are padded to size after a real header: cleaning would call them
    # damaged. Cleaning is shown in the fitting scene, on a real clip.
    c.settings.set("clean_metadata", False)
    s.media = make_media(s.work / "media")
    c.model.insert(seed_history(c, s.work / "earlier"), at_top=False)
    c.server.faults.throttle(6 * MiB)  # the demo service reads slowly: progress can be seen
    s.window.add_paths([str(p) for p in s.media])

    def moving() -> bool:
        rows = c.model.find(lambda r: r.state is RowState.UPLOADING and r.kind == "video")
        return bool(rows) and rows[0].fraction > 0.35

    while not moving():
        await s.settle(0.1)
    await s.settle(0.3)
    s.save(s.window, "02-uploading.png")


async def scene_finished(s: Shoot) -> None:
    c = s.controller
    c.server.faults.throttle(None)
    while c.active_count():
        await s.settle(0.1)
    await s.settle(0.6)
    s.window.view.selectRow(1)
    s.window.view.refresh_countdowns()
    await s.settle(0.3)
    s.save(s.window, "03-finished.png")


async def scene_settings(s: Shoot) -> None:
    from app.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(s.controller, s.window)
    dialog.show()
    await s.settle(0.4)
    s.save(dialog, "04-settings.png")
    dialog.close()


async def scene_dark(s: Shoot) -> None:
    from app.ui.desktop import theme

    theme.apply("dark")
    await s.settle(0.6)
    s.save(s.window, "05-dark.png")
    theme.apply("light")


async def scene_chinese(s: Shoot) -> None:
    from app.ui.words import i18n

    i18n.apply("zh_CN")
    s.quiet()  # said in English before the switch
    await s.settle(0.6)
    s.save(s.window, "06-chinese.png")
    i18n.apply("en")


async def scene_narrow(s: Shoot) -> None:
    s.window.resize(640, 480)
    await s.settle(0.6)
    s.save(s.window, "08-narrow.png")
    s.window.resize(*SIZE)
    await s.settle(0.4)


async def scene_drop_overlay(s: Shoot) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in s.media[:3]])
    enter = QDragEnterEvent(
        QPointF(s.window.rect().center()).toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(s.window, enter)
    await s.settle(0.4)
    s.save(s.window, "09-drop-overlay.png")
    QApplication.sendEvent(s.window, QDragLeaveEvent())
    await s.settle(0.2)


async def scene_renew(s: Shoot) -> None:
    """Links in their last day: their buttons say Renew, the notice says so ahead of time, and
    the row's menu (opened over the row, as a right-click does) offers Renew and the QR code."""
    c, w = s.controller, s.window
    s.quiet()
    c.settings.set("expiry_notice_shown", "")
    w.view.clearSelection()
    assert w.renew_ui.check_expiring(), "no link expires within the notice's lead time"
    shown = s.select("moodboard.png")
    await s.settle(0.3)
    spot = w.view.visualRect(shown.siblingAtColumn(3)).center()  # over its status
    w.acts.context_menu(spot)
    menu = w.acts.row_menu
    await s.settle(0.3)
    # Upwards from the row, as at the bottom of a screen: the picture is the window's part of it.
    corner = w.view.viewport().mapToGlobal(spot)
    corner.setY(corner.y() - menu.height())
    menu.move(corner)
    await s.settle(0.5)
    s.save_screen(w, "10-renew.png")  # the menu is a window of its own: read from the screen
    menu.close()
    s.quiet()


async def scene_qr(s: Shoot) -> None:
    """The QR code of a row with most of its week left."""
    w = s.window
    s.select("character sheet.png")
    w.acts.show_qr()
    dialog = w.acts.qr_dialog
    await s.settle(0.5)
    s.save(dialog, "11-qr.png")
    dialog.close()
    await s.settle(0.2)


async def scene_fit(s: Shoot) -> None:
    """A video over its limit: the row offers to fit it, then fits it (a stage of its own, with
    speed and time left); the video rows show a poster frame. The limit is scaled down to this
    clip (the service's 100 MB would need a 180 MB file and minutes of encoding here)."""
    from app.core.media import Caps
    from app.ui.table.rows import RowState
    from tests.core.media_samples import write_video

    c, w = s.controller, s.window
    s.quiet()
    c.settings.set("clean_metadata", True)
    folder = s.work / "phone"
    folder.mkdir(parents=True, exist_ok=True)
    clip = write_video(folder / "street.mov", seconds=40, size=(960, 540), bitrate=3_000_000)
    c.media_prep.caps = Caps(video=clip.stat().st_size * 2 // 3)
    w.add_paths([str(clip)])

    def over() -> list[Any]:
        return c.model.find(lambda r: r.state is RowState.OVER_LIMIT and r.name == clip.name)

    while not over():
        await s.settle(0.1)
    (row,) = over()
    s.select(row.name)
    await s.settle(0.8)
    s.save(w, "12-fit-offer.png")
    c.media_prep.fit_rows([row])
    while not (row.state is RowState.FITTING and row.fit and row.fit[0] > 0.3):
        if row.state is not RowState.FITTING:
            raise RuntimeError(f"the fit ended before the picture: {row.state} {row.message}")
        await s.settle(0.1)
    await s.settle(0.2)
    s.save(w, "13-fitting.png")
    while row.state in (RowState.FITTING, RowState.QUEUED, RowState.UPLOADING):
        await s.settle(0.2)
    c.media_prep.caps = Caps()
    s.quiet()


# Another scene goes here: an async function taking the Shoot, saving one picture named after
# the next number (14-…), added to SCENES below and to the README's table.

#: In the order they are taken: each starts from the window the one before left.
SCENES = (
    scene_empty,
    scene_uploading,
    scene_finished,
    scene_settings,
    scene_dark,
    scene_chinese,
    scene_narrow,
    scene_drop_overlay,
    scene_renew,
    scene_qr,
    scene_fit,
)


async def scene_first_run(s: Shoot) -> None:
    """A new profile without a key (not demo mode): the key panel. Its own window and controller."""
    from app.core.settings import AppPaths, KeyStore, Settings
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

    first = Controller(AppPaths.resolve(s.work / "fresh"), Settings(None, env={}), KeyStore(env={}))
    welcome = MainWindow(first)
    welcome.resize(1000, 560)
    first.start()
    welcome.show()
    await s.settle(0.6)
    s.save(welcome, "07-first-run.png")
    welcome._quitting = True
    welcome.close()
    await first.shutdown()


async def shoot(out: Path, work: Path) -> None:
    from app.core.settings import AppPaths, KeyStore, Settings
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

    s = Shoot(out, work)
    paths = AppPaths.resolve(work / "profile")
    settings = Settings(paths.settings, env={})
    # The expiry notice would come 5 s after the start, over whichever picture is being taken: it
    # is told it spoke today already, and shown on purpose in its own scene (scene_renew). The
    # setting itself stays on, as the settings' picture shows it.
    settings.set("expiry_notice_shown", datetime.now(UTC).astimezone().date().isoformat())
    s.controller = Controller(paths, settings, KeyStore(env={}), demo=True)
    s.window = MainWindow(s.controller)
    s.window.resize(*SIZE)
    s.controller.start()
    s.window.show()
    try:
        for scene in SCENES:
            await scene(s)
        s.window.hide()
        await scene_first_run(s)
    finally:
        s.window._quitting = True
        s.window.close()
        await s.controller.shutdown()


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
    app.setQuitOnLastWindowClosed(False)  # the script ends the loop, once all is shut down
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
