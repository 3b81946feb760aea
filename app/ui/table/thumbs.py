"""Thumbnails made in worker threads, asked for only by rows on screen.

QImageReader decodes at the small size where the format allows it (JPEG does), so a folder of
camera photos does not cost their full size in memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap

THUMB_SIZE = 40
LOADERS = 2


class _Done(QObject):
    finished = Signal(str, QImage)


class _Load(QRunnable):
    """One of at most two loaders; each takes paths from the cache's queue until it is empty.

    Starting a runnable costs the GUI thread 1-2 ms when the machine is busy (the pool wakes a
    thread that then waits for the GIL): a burst of new rows on screen started one per row."""

    def __init__(self, cache: ThumbnailCache, px: int) -> None:
        super().__init__()
        self.cache, self.px = cache, px

    def run(self) -> None:
        while (path := self.cache._next()) is not None:
            self.cache._done.finished.emit(path, _thumbnail(path, self.px))


def _thumbnail(path: str, px: int) -> QImage:
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > px or size.height() > px):
        reader.setScaledSize(size.scaled(px, px, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        # A video's poster frame, or a picture Qt cannot read (HEIC, AVIF): FFmpeg's.
        image = _poster(path, px)
    if not image.isNull() and (image.width() > px or image.height() > px):
        image = image.scaled(
            QSize(px, px),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    if not image.isNull() and (image.width() < px or image.height() < px):
        image = _centred(image, px)
    return image


def _poster(path: str, px: int) -> QImage:
    """The first picture FFmpeg finds in the file, upright and no larger than px; null if none."""
    try:
        from app.core.media.poster import poster_rgb

        found = poster_rgb(path, px)
    except Exception:  # a file FFmpeg cannot read: the kind's icon is shown
        return QImage()
    if found is None:
        return QImage()
    data, width, height = found
    return QImage(data, width, height, width * 3, QImage.Format.Format_RGB888).copy()


def _centred(image: QImage, px: int) -> QImage:
    """A small or narrow picture in the middle of a full-size square, so every row's name starts
    at the same place whatever the picture's shape."""
    canvas = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    painter.drawImage((px - image.width()) // 2, (px - image.height()) // 2, image)
    painter.end()
    return canvas


class ThumbnailCache(QObject):
    ready = Signal(str)  # path

    def __init__(self, parent: QObject | None = None, *, ratio: float = 2.0, limit: int = 500):
        super().__init__(parent)
        self.ratio = ratio
        self.limit = limit
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(LOADERS)
        self._queue: deque[str] = deque()
        self._loaders = 0  # running loaders; with the queue, under the lock
        self._lock = threading.Lock()
        self._done = _Done(self)
        self._done.finished.connect(self._on_finished)
        self._cache: OrderedDict[str, QPixmap | None] = OrderedDict()

    def get(self, path: str) -> QPixmap | None:
        if path in self._cache:
            self._cache.move_to_end(path)
            return self._cache[path]
        self._cache[path] = None  # asked for: do not start it twice
        with self._lock:
            self._queue.append(path)
            start = self._loaders < LOADERS
            self._loaders += start
        if start:
            self._pool.start(_Load(self, round(THUMB_SIZE * self.ratio)))
        return None

    def _next(self) -> str | None:
        """A loader's next path; None (and the loader counted out) when there is none."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            self._loaders -= 1
            return None

    def clear(self) -> None:
        """Drop the thumbnails not yet started (at quit: nobody will see them)."""
        with self._lock:
            self._queue.clear()
        self._pool.clear()

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    def _on_finished(self, path: str, image: QImage) -> None:
        if image.isNull():
            return  # stays None: the kind's icon is shown
        image.setDevicePixelRatio(self.ratio)
        self._cache[path] = QPixmap.fromImage(image)
        while len(self._cache) > self.limit:
            self._cache.popitem(last=False)
        self.ready.emit(path)
