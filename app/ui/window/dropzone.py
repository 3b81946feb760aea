"""Files into the window: drag and drop with an overlay that says what will happen, paste, the
Add files dialog (which remembers its folder), and the offer for files uploaded before."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QStandardPaths, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from app.core.private import tighten
from app.ui.desktop import tones
from app.ui.table.rows import Row
from app.ui.window import web_drops
from app.ui.window.panels import Banner
from app.ui.words import text

if TYPE_CHECKING:
    from app.core.media import Media  # with the controller, after the window's first paint
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

MEDIA_FILTER_PATTERNS = (
    "*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif *.svg *.ico "
    "*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.ts *.mts *.ogv *.wmv "
    "*.mp3 *.wav *.flac *.ogg *.oga *.opus *.m4a *.aac *.aiff *.aif *.weba *.mka *.wma *.caf"
)


# A drag of more items than this is answered from the count alone (no folder checks).
LOOK_AT = 64


def many_local_items(mime: QMimeData) -> int:
    """How many local files or folders a drag of more than LOOK_AT items carries (else 0), read
    from its raw uri-list: 10,000 URLs made into QUrls and checked on disk took the GUI thread
    60-70 ms at every drag-enter."""
    raw = bytes(mime.data("text/uri-list"))  # type: ignore[call-overload]
    if raw.count(b"\n") <= LOOK_AT:
        return 0
    return sum(line.startswith(b"file:") for line in raw.splitlines())


def local_paths(mime: QMimeData) -> tuple[list[str], list[str]]:
    """Local files in a drop or paste, and what else came along (web links and the like)."""
    paths, others = [], []
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            paths.append(url.toLocalFile())
        else:
            others.append(url.toString())
    return paths, others


class DropOverlay(QWidget):
    """Covers the window while something is dragged over it: what a drop would do, or why not."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dropOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.usable = True
        self.hide()

    def show_for(self, title: str, hint: str, *, usable: bool) -> None:
        self.usable = usable
        self.title.setText(title)
        self.hint.setText(hint)
        colour = tones.tone("accent" if usable else "muted").name()
        self.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        area = self.parentWidget()
        if area is not None:
            self.setGeometry(area.rect())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Opaque: the empty page's heading showed through, under the overlay's own words.
        painter.fillRect(self.rect(), self.palette().window().color())
        pen = painter.pen()
        pen.setColor(tones.tone("accent" if self.usable else "muted"))
        pen.setWidth(3)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect().adjusted(8, 8, -8, -8), 12, 12)


class DropZone(QObject):
    def __init__(self, window: MainWindow, area: QWidget) -> None:
        super().__init__(window)
        self.w = window
        self.overlay = DropOverlay(area)
        self.duplicates: list[tuple[Media, Row]] = []
        self.duplicates_bar = Banner("info", area)
        self.use_existing = self.duplicates_bar.add_button("")
        self.upload_again = self.duplicates_bar.add_button("")
        self.use_existing.clicked.connect(self._on_use_existing)
        self.duplicates_bar.closed.connect(self._on_duplicates_dismissed)
        self.upload_again.clicked.connect(self._on_upload_again)
        window.installEventFilter(self)
        self.retranslate()

    def attach(self, controller: Controller) -> None:
        controller.duplicates_found.connect(self._on_duplicates)

    def retranslate(self) -> None:
        self.use_existing.setText(self.tr("Copy the existing URLs"))
        self.upload_again.setText(self.tr("Upload again"))

    # Dragging ------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter and isinstance(event, QDragEnterEvent):
            self._drag_enter(event)
            return True
        if kind == QEvent.Type.DragMove and isinstance(event, QDragMoveEvent):
            if self.overlay.usable:
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragLeave:
            self.overlay.hide()
            return True
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            self.overlay.hide()
            event.setDropAction(Qt.DropAction.CopyAction)  # never a move out of the source
            event.accept()
            self.take(event.mimeData(), pasted=False)
            return True
        return False

    def _drag_enter(self, event: QDragEnterEvent) -> None:
        if event.source() is self.w.view:  # a row dragged out passing over its own window
            event.ignore()
            return
        mime = event.mimeData()
        # Accepted either way, so the overlay hears when the drag leaves again.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if many := (many_local_items(mime) if mime.hasUrls() else 0):
            self.overlay.show_for(
                self.tr("Drop to upload %n item(s)", "", many),
                self.tr("Folders are searched for images, video and audio."),
                usable=True,
            )
            return
        paths, _others = local_paths(mime) if mime.hasUrls() else ([], [])
        if paths:
            folders = sum(os.path.isdir(p) for p in paths)
            files = len(paths) - folders
            if folders and files:
                title = (
                    self.tr("Drop to upload %1 and the images, video and audio in %2")
                    .replace("%1", self.tr("%n file(s)", "", files))
                    .replace("%2", self.tr("%n folder(s)", "", folders))
                )
            elif folders:
                title = self.tr(
                    "Drop to upload the images, video and audio in %n folder(s)", "", folders
                )
            else:
                title = self.tr("Drop to upload %n file(s)", "", files)
            hint = self.tr("Folders are searched for images, video and audio.")
            self.overlay.show_for(title, hint, usable=True)
        elif (web := web_drops.read(mime, text_too=False)) is not None:
            self.overlay.show_for(*web_drops.WebDropWords(self).offer(web), usable=True)
        elif mime.hasImage():
            self.overlay.show_for(
                self.tr("Drop to upload the picture"),
                self.tr("It is saved as a PNG file first."),
                usable=True,
            )
        else:
            self.overlay.show_for(
                self.tr("Nothing here can be uploaded"),
                self.tr(
                    "Drop files or folders from your file manager, or an image from a web "
                    "page. Text cannot be uploaded."
                ),
                usable=False,
            )

    # Taking files --------------------------------------------------------------------------------

    def take(self, mime: QMimeData, *, pasted: bool) -> bool:
        """Files from a drop or the clipboard; a screenshot; or a sentence for anything else."""
        c = self.w.controller
        paths, _others = local_paths(mime) if mime.hasUrls() else ([], [])
        if paths:
            self.w.add_paths(paths)
            return True
        # A browser's drag or a copied address: the picture that came along, else a download.
        if (web := web_drops.read(mime, text_too=pasted)) is not None:
            web_drops.take(web, c)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                c.spawn(c.add_image(image))
                return True
        if pasted:
            self.w.show_message(
                self.tr(
                    "The clipboard holds no files, pictures or web addresses. Copy files in your "
                    "file manager, take a screenshot or copy an image's address, then paste."
                )
            )
        else:
            self.w.show_message(self.tr("Only files can be dropped here."))
        return False

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None:
            self.take(mime, pasted=True)

    def start_folder(self) -> str:
        """The folder the last files came from; else Pictures if there is one; else home."""
        remembered = self.w.layout_store().value("last_folder")
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        for folder in (remembered, pictures):
            if isinstance(folder, str) and folder and os.path.isdir(folder):
                return folder
        return str(Path.home())

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.w,
            self.tr("Add files"),
            self.start_folder(),
            self.tr("Images, video and audio (%1);;All files (*)").replace(
                "%1", MEDIA_FILTER_PATTERNS
            ),
        )
        if files:
            self.remember_folder(files[0])
            self.w.add_paths(files)

    def choose_folder(self) -> None:
        """A whole folder: walked like a dropped one (media only, the rest counted)."""
        folder = QFileDialog.getExistingDirectory(
            self.w, self.tr("Add folder"), self.start_folder()
        )
        if folder:
            self.remember_folder(os.path.join(folder, ""))  # the next dialog opens in it
            self.w.add_paths([folder])

    def remember_folder(self, path: str) -> None:
        store = self.w.layout_store()
        store.setValue("last_folder", os.path.dirname(path))
        store.sync()
        tighten(Path(store.fileName()))

    # Files uploaded before -----------------------------------------------------------------------

    def _on_duplicates(self, found: list[tuple[Media, Row]]) -> None:
        self.duplicates.extend(found)  # a second drop before an answer adds to the offer
        first_media, first_row = self.duplicates[0]
        left = ""
        if first_row.expires_at is not None:
            left = text.countdown(first_row.expires_at - self.w.controller.clock())
        if len(self.duplicates) == 1:
            sentence = (
                self.tr(
                    "%1 was already uploaded and its URL works for %2 more. Copy that URL instead "
                    "of uploading it again?"
                )
                .replace("%1", first_media.name)
                .replace("%2", left)
            )
        else:
            sentence = self.tr(
                "%n of these files were already uploaded and their URLs still work. Copy those "
                "URLs instead of uploading them again?",
                "",
                len(self.duplicates),
            )
        self.duplicates_bar.show_text(sentence)
        self.w.notices.refresh()

    def _close_offer(self) -> None:
        self.duplicates = []
        self.duplicates_bar.hide()
        self.w.notices.refresh()

    def _on_use_existing(self) -> None:
        self.w.controller.use_existing(self.duplicates)
        self._close_offer()

    def _on_duplicates_dismissed(self) -> None:
        count = len(self.duplicates)
        self._close_offer()
        self.w.show_message(
            self.tr("%n file(s) not uploaded again: their earlier URLs still work.", "", count)
        )

    def _on_upload_again(self) -> None:
        self.w.controller.upload_anyway(self.duplicates)
        self._close_offer()
