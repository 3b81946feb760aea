"""Files from a browser (issue 17): real QMimeData drops and pastes on the real window, the way
browsers fill them, against a loopback web site and the local service."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from app.ui.table.model import Column
from app.ui.table.rows import RowState
from tests import webfiles
from tests.helpers import make_png
from tests.ui.conftest import Loop

PNG = make_png(30, 20, seed=4)


def drop_mime(window: Any, mime: QMimeData) -> QDropEvent:
    centre = QPointF(window.rect().center()).toPoint()
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    args = (mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(centre, actions, *args)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    assert window.drop.overlay.usable, window.drop.overlay.title.text()
    QApplication.sendEvent(window, QDragMoveEvent(centre, actions, *args))
    event = QDropEvent(centre, actions, *args)
    QApplication.sendEvent(window, event)
    assert event.isAccepted()
    return event


def done(window: Any) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is RowState.DONE)


def downloads(profile: Any) -> list[Path]:
    folder = profile.cache / "downloads"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def uri_list(*urls: str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl(u) for u in urls])
    return mime


def test_a_dropped_address_is_downloaded_then_uploaded(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    window = make_window()
    with webfiles.site({"/pics/cat.png": webfiles.body(PNG, "image/png")}) as web:
        drop_mime(window, uri_list(f"{web.url}/pics/cat.png?w=600"))
        aloop.until(lambda: len(done(window)) == 1)
    row = done(window)[0]
    assert row.name == "cat.png"
    assert httpx.get(row.url).content == PNG
    assert all("authorization" not in head.lower() for head in web.heads)
    aloop.until(lambda: downloads(profile) == [])  # deleted once uploaded


def test_image_data_with_the_address_is_used_without_a_download(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    window = make_window()
    with webfiles.site({}) as web:
        mime = uri_list(f"{web.url}/photos/beach.jpg")
        mime.setData("image/png", QByteArray(PNG))
        drop_mime(window, mime)
        aloop.until(lambda: len(done(window)) == 1)
    assert web.heads == []  # nothing was downloaded
    row = done(window)[0]
    assert row.name == "beach.png"
    assert httpx.get(row.url).content == PNG
    aloop.until(lambda: downloads(profile) == [])


def test_a_qt_image_with_the_address_is_uploaded_as_png(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    image = QImage(40, 24, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkMagenta)
    with webfiles.site({}) as web:
        mime = uri_list(f"{web.url}/art/poster.webp")
        mime.setImageData(image)
        assert "application/x-qt-image" in mime.formats()
        drop_mime(window, mime)
        aloop.until(lambda: len(done(window)) == 1)
    assert web.heads == []
    row = done(window)[0]
    assert row.name == "poster.png" and row.mime == "image/png"
    served = QImage.fromData(httpx.get(row.url).content)
    assert (served.width(), served.height()) == (40, 24)


def test_firefox_netscape_and_html_forms_are_all_downloaded(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    pngs = {name: make_png(8, 8, seed=i) for i, name in enumerate(("moz", "net", "html"))}
    routes = {f"/{n}.png": webfiles.body(data, "image/png") for n, data in pngs.items()}
    with webfiles.site(routes) as web:
        moz = QMimeData()  # UTF-16 without a byte order mark: address, then the title
        moz.setData("text/x-moz-url", QByteArray(f"{web.url}/moz.png\nA cat".encode("utf-16-le")))
        netscape = QMimeData()
        netscape.setData("_NETSCAPE_URL", QByteArray(f"{web.url}/net.png\nTitle".encode()))
        page = QMimeData()
        page.setHtml(f'<meta charset="utf-8"><img alt="x" src="{web.url}/html.png?a=1&amp;b=2">')
        for mime in (moz, netscape, page):
            drop_mime(window, mime)
        aloop.until(lambda: len(done(window)) == 3)
    served = {r.name: httpx.get(r.url).content for r in done(window)}
    assert served == {f"{n}.png": data for n, data in pngs.items()}
    assert any("/html.png?a=1&b=2 " in head for head in web.heads)  # the &amp; unescaped


def test_an_inline_data_image_in_html_is_uploaded(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setHtml(f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}">')
    drop_mime(window, mime)
    aloop.until(lambda: len(done(window)) == 1)
    assert httpx.get(done(window)[0].url).content == PNG


def test_a_pasted_address_downloads_and_bad_ones_say_why(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    page = b"<!DOCTYPE html><html><body>" + b"<p>gallery</p>" * 100 + b"</body></html>"
    routes = {
        "/ok.png": webfiles.body(PNG, "image/png"),
        "/gallery": webfiles.body(page, "text/html"),
    }
    with webfiles.site(routes) as web:
        for text in (f"  {web.url}/ok.png  ", f"{web.url}/gallery", "ftp://example.com/x.png"):
            mime = QMimeData()
            mime.setText(text)
            QGuiApplication.clipboard().setMimeData(mime)
            window.paste()
        model = window.controller.model
        aloop.until(lambda: len(done(window)) == 1 and not model.find(lambda r: r.state.active))
    failed = model.find(lambda r: r.state in (RowState.FAILED, RowState.REFUSED))
    words = sorted(model.status_text(r) for r in failed)
    assert len(words) == 2
    assert "gallery is an HTML page, not an image, video or audio file" in words[0]
    assert "is not a web address (http or https)" in words[1]
    assert "Traceback" not in " ".join(words)


def test_a_download_is_a_stage_with_progress_that_cancel_stops(
    make_window: Any, aloop: Loop, profile: Any
) -> None:
    window = make_window()
    controller, model = window.controller, window.controller.model
    with webfiles.site({"/slow.png": webfiles.endless(PNG, every=0.05)}) as web:
        drop_mime(window, uri_list(f"{web.url}/slow.png"))
        aloop.until(lambda: model.rowCount() == 1 and model.row_at(0).sent > 100_000)
        row = model.row_at(0)
        assert row.state is RowState.DOWNLOADING
        status = model.data(model.index(0, Column.STATUS))
        assert status.startswith("Downloading ") and "KB" in status
        assert downloads(profile)
        assert window.acts.cancel_all.isEnabled()
        assert controller.cancel([row]) == 1
        aloop.until(lambda: row.state is RowState.CANCELLED)
        aloop.until(lambda: downloads(profile) == [])
        assert controller.engine.jobs == {}

        assert controller.retry([row]) == 1  # Retry downloads again
        aloop.until(lambda: row.state is RowState.DOWNLOADING and row.sent > 0)
        assert controller.cancel_all() == 1
        aloop.until(lambda: row.state is RowState.CANCELLED and downloads(profile) == [])


def test_dragging_a_web_image_shows_the_download_offer(make_window: Any) -> None:
    window = make_window()
    centre = QPointF(window.rect().center()).toPoint()
    mime = uri_list("https://example.com/a.png", "https://example.com/b.png")  # kept alive
    event = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    overlay = window.drop.overlay
    assert overlay.isVisible() and overlay.usable
    assert overlay.title.text() == "Drop to download and upload 2 files"
