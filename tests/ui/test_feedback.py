"""Feedback a demanding user expects: whole reasons, a drop overlay, settings that show what
overrides them, actions enabled only when they do something, and the small comforts."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QCursor, QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QStyleOptionViewItem

from app.core.history import History
from app.core.settings import KEYRING_SERVICE, KEYRING_USER
from app.ui.desktop import theme
from app.ui.table.model import Column
from app.ui.table.rows import RowState
from app.ui.window.settings_dialog import SettingsDialog
from tests.helpers import big_png, make_png
from tests.ui.conftest import Loop


def png(tmp_path: Path, name: str, seed: int) -> Path:
    path = tmp_path / name
    path.write_bytes(make_png(8, 8, seed=seed))
    return path


def drag_enter(window: Any, mime: QMimeData) -> QDragEnterEvent:
    centre = QPointF(window.rect().center()).toPoint()
    event = QDragEnterEvent(
        centre,
        Qt.DropAction.CopyAction | Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    return event


# Whole reasons ---------------------------------------------------------------------------------


def test_a_refusal_is_read_whole_without_hovering(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window(settings={"over_limit": "refuse"})  # a refusal, not the offer to fit
    window.add_paths([str(big_png(tmp_path / "a rather long holiday file name.png", 11 << 20))])
    aloop.until(lambda: window.controller.model.rowCount() == 1)
    model, view = window.controller.model, window.view
    row = model.row_at(0)
    index = window.proxy.index(0, Column.STATUS)
    option = QStyleOptionViewItem()
    view.progress_delegate.initStyleOption(option, index)
    assert option.features & QStyleOptionViewItem.ViewItemFeature.WrapText  # two lines in the row
    assert model.data(model.index(0, Column.SIZE)) == "11 MB"  # a refused file has its size
    assert not window.detail.isVisible()
    view.selectRow(0)
    aloop.until(window.detail.isVisible)
    assert window.detail.text() == model.status_text(row)
    assert window.detail.text().endswith("images can be at most 10 MB.")


# The drop overlay ------------------------------------------------------------------------------


def test_dragging_files_over_the_window_shows_what_a_drop_will_do(
    make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    overlay = window.drop.overlay
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png(tmp_path, f"{i}.png", i))) for i in range(3)])
    assert not overlay.isVisible()
    assert drag_enter(window, mime).isAccepted()
    assert overlay.isVisible() and overlay.usable
    assert overlay.title.text() == "Drop to upload 3 files"
    assert "Folders are searched for images, video and audio" in overlay.hint.text()
    assert overlay.geometry() == window.centralWidget().rect()
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not overlay.isVisible()

    folder = tmp_path / "album"
    folder.mkdir()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drag_enter(window, mime)
    assert overlay.title.text() == "Drop to upload the images, video and audio in 1 folder"
    QApplication.sendEvent(window, QDragLeaveEvent())

    words = QMimeData()
    words.setText("just some text")
    drag_enter(window, words)
    assert overlay.isVisible() and not overlay.usable
    assert overlay.title.text() == "Nothing here can be uploaded"
    move = QDragMoveEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        words,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, move)
    assert not move.isAccepted()  # the cursor says "no drop" too
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not overlay.isVisible()


# Settings --------------------------------------------------------------------------------------


def test_settings_show_every_override_and_name_the_variable(
    make_window: Any, local_server: Any
) -> None:
    window = make_window(
        env={"APIMODELS_API_KEY": "test-key"},
        settings_env={"APIMODELS_BASE_URL": local_server.base_url},
    )
    window.controller.settings.set("base_url", "https://saved.example.com")
    dialog = SettingsDialog(window.controller, window)
    assert dialog.base_url.text() == "https://saved.example.com"  # what is saved, not the env's
    assert dialog.base_url_override.isVisibleTo(dialog)
    said = dialog.base_url_override.text()
    assert "APIMODELS_BASE_URL" in said and local_server.base_url in said
    assert "APIMODELS_API_KEY" in dialog.key_status.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.controller.settings.saved("base_url") == "https://saved.example.com"


def test_no_override_no_note(make_window: Any) -> None:
    dialog = SettingsDialog(make_window().controller)
    assert not dialog.base_url_override.isVisibleTo(dialog)
    assert not dialog.theme_override.isVisibleTo(dialog)


def test_the_colour_scheme_variable_is_named_too(make_window: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("APIMODELS_COLOR_SCHEME", "light")
    dialog = SettingsDialog(make_window().controller)
    assert dialog.theme_override.isVisibleTo(dialog)
    assert "APIMODELS_COLOR_SCHEME" in dialog.theme_override.text()
    assert theme.chosen("dark") == "light"


def test_a_refused_test_grows_the_dialog_and_save_asks_first(
    make_window: Any, aloop: Loop, monkeypatch: Any
) -> None:
    window = make_window(key=None)
    dialog = SettingsDialog(window.controller, window)
    assert dialog.key.placeholderText() == "Paste your API key"  # no saved key to keep
    width = dialog.key.fontMetrics().horizontalAdvance(dialog.key.placeholderText())
    assert dialog.key.minimumWidth() > width
    # Not shown: the offscreen platform warns about a shown dialog's size hints; the layout
    # still places every widget.
    dialog.resize(dialog.sizeHint())
    dialog.key.setText("not-the-key")
    dialog.test.click()
    aloop.until(lambda: dialog.test.isEnabled() and "refused" in dialog.test_result.text())
    aloop.settle(0.05)
    layout = dialog.layout()
    assert layout is not None
    layout.activate()
    label = dialog.test_result
    assert label.height() >= label.heightForWidth(label.width())  # no letters cut off
    assert label.geometry().bottom() < dialog.base_url.geometry().top()  # no overlap below

    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked: list[str] = []

    def question(_parent: Any, title: str, _text: str, *_a: Any) -> Any:
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert asked and dialog.result() != dialog.DialogCode.Accepted
    assert keyring.get_password(KEYRING_SERVICE, KEYRING_USER) is None
    save.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert keyring.get_password(KEYRING_SERVICE, KEYRING_USER) == "not-the-key"

    with_key = SettingsDialog(window.controller, window)
    assert with_key.key.placeholderText() == "Leave empty to keep the current key"


def test_the_theme_is_a_setting(make_window: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    window = make_window()
    original = QGuiApplication.palette()
    dialog = SettingsDialog(window.controller, window)
    assert [dialog.theme.itemData(i) for i in range(dialog.theme.count())] == [
        "system",
        "light",
        "dark",
    ]
    try:
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert window.controller.settings.get("theme") == "dark"
        assert theme.is_dark()
        again = SettingsDialog(window.controller, window)
        again.theme.setCurrentIndex(again.theme.findData("system"))
        again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        assert not theme.is_dark()
    finally:
        QGuiApplication.setPalette(original)
        QGuiApplication.styleHints().unsetColorScheme()
        for kind in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            QCoreApplication.sendPostedEvents(None, kind)


# Waiting for a key -----------------------------------------------------------------------------


def test_files_wait_for_the_key_and_the_list_stays_under_the_pointer(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window(key=None)
    window.resize(1000, 700)
    said: list[str] = []
    window.controller.message.connect(said.append)
    window.add_paths([str(png(tmp_path, "first.png", 1))])
    aloop.until(lambda: window.controller.model.rowCount() == 1)
    model = window.controller.model
    row = model.row_at(0)
    aloop.settle(0.1)
    assert model.status_text(row) == "Waiting for the API key"
    assert "1 file waits for the API key." in said
    assert window.key_panel.isVisible()
    top = window.stack.mapToGlobal(QPoint(0, 0))
    QCursor.setPos(window.stack.mapToGlobal(QPoint(40, 20)))
    window.key_panel.field.setText("test-key")
    window.key_panel.save.click()
    aloop.until(lambda: row.state is RowState.DONE)
    aloop.settle(0.4)
    assert window.key_panel.isVisible()  # still there while the pointer is on the list
    assert window.stack.mapToGlobal(QPoint(0, 0)) == top
    assert "Key saved" in window.key_panel.title.text()
    QCursor.setPos(window.mapToGlobal(QPoint(-50, -50)))
    aloop.until(lambda: not window.key_panel.isVisible())
    assert model.status_text(row) == "Done"


# Actions that say the truth --------------------------------------------------------------------


def test_actions_are_enabled_only_when_they_do_something(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    history = History(profile.history)
    history.add_pending_many(
        [(str(png(tmp_path, "half.png", 2)), "half.png", 100, "image/png")],
        queued_at=datetime.now(UTC),
    )
    history.close()
    window = make_window()
    acts = window.acts
    aloop.until(acts.retry_failed.isEnabled)  # the interrupted row can be retried at once
    assert not acts.copy_all.isEnabled()  # nothing live to copy
    window.add_paths([str(png(tmp_path, "done.png", 3))])
    aloop.until(lambda: window.controller.model.find(lambda r: r.url))
    aloop.until(acts.copy_all.isEnabled)


def test_copy_says_what_was_left_out_and_why(make_window: Any, aloop: Loop, tmp_path: Path) -> None:
    window = make_window(settings={"auto_copy": False})
    messages: list[str] = []
    window.controller.message.connect(messages.append)
    window.add_paths([str(png(tmp_path, "ok.png", 5)), str(tmp_path / "missing.png")])
    aloop.until(lambda: window.controller.model.find(lambda r: r.url))
    rows = window.controller.model.rows
    window.controller.copy(rows)
    assert messages[-1] == "Copied 1 URL. 1 without a URL (not uploaded) left out."
    refused = [r for r in rows if r.state is RowState.REFUSED]
    window.controller.copy(refused)
    assert messages[-1] == "Nothing to copy: the selected file was not uploaded."


def test_an_expired_row_offers_re_upload_on_the_row_and_names_the_time_zone(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, qtbot: Any
) -> None:
    path = png(tmp_path, "old.png", 6)
    gone = tmp_path / "gone.png"
    history = History(profile.history)
    long_ago = datetime.now(UTC) - timedelta(days=9)
    for source in (path, gone):
        history.add(
            name=source.name,
            size=100,
            mime="image/png",
            public_url=f"https://files.example.com/public/{source.name}",
            uploaded_at=long_ago,
            source_path=str(source),
            sha256=None,
        )
    history.close()
    window = make_window(settings={"auto_copy": False})
    model, view = window.controller.model, window.view
    aloop.until(lambda: model.rowCount() == 2)
    old = next(r for r in model.rows if r.name == "old.png")
    lost = next(r for r in model.rows if r.name == "gone.png")
    assert view.url_delegate.button_kind(old) == "reupload"
    assert view.url_delegate.button_kind(lost) is None  # no file, no button that cannot work
    messages: list[str] = []
    window.controller.message.connect(messages.append)
    window.controller.copy([lost])
    assert "no longer on this computer" in messages[-1]
    window.controller.copy([old])
    assert "Re-upload on its row" in messages[-1]
    tip = model.data(
        model.index(model.position(old) or 0, Column.EXPIRES), Qt.ItemDataRole.ToolTipRole
    )
    assert "UTC" in tip
    index = window.proxy.index(model.position(old) or 0, Column.URL)
    button = view.url_delegate.button_rect(view.visualRect(index))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    aloop.until(lambda: len(model.find(lambda r: r.name == "old.png" and r.url and r is not old)))


# Small comforts --------------------------------------------------------------------------------


def test_the_copy_button_says_it_copied(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    window.add_paths([str(png(tmp_path, "c.png", 7))])
    aloop.until(lambda: window.controller.model.find(lambda r: r.url))
    row = window.controller.model.find(lambda r: r.url)[0]
    view = window.view
    delegate = view.url_delegate
    assert not delegate.just_copied(row)
    index = window.proxy.index(0, Column.URL)
    button = delegate.button_rect(view.visualRect(index))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    assert QGuiApplication.clipboard().text() == row.url
    assert delegate.just_copied(row)
    aloop.until(lambda: not delegate.just_copied(row), 4)


def test_a_finished_row_drags_out_as_its_url(make_window: Any, aloop: Loop, tmp_path: Path) -> None:
    window = make_window()
    window.add_paths([str(png(tmp_path, "d.png", 8)), str(tmp_path / "nope.png")])
    aloop.until(lambda: window.controller.model.find(lambda r: r.url))
    model = window.controller.model
    done = model.find(lambda r: r.url)[0]
    refused = model.find(lambda r: r.state is RowState.REFUSED)[0]
    done_index = model.index(model.position(done) or 0, Column.NAME)
    refused_index = model.index(model.position(refused) or 0, Column.NAME)
    assert model.flags(done_index) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(refused_index) & Qt.ItemFlag.ItemIsDragEnabled
    window.view.selectAll()  # the refused row is selected too, and left out
    mime = window.view.drag_mime()
    assert [u.toString() for u in mime.urls()] == [done.url]
    assert mime.text() == done.url
    assert window.view.dragEnabled()


def test_the_add_files_dialog_starts_in_the_last_folder(make_window: Any, tmp_path: Path) -> None:
    window = make_window()
    start = window.drop.start_folder()
    assert os.path.isdir(start)  # never a folder that does not exist
    folder = tmp_path / "shoot"
    folder.mkdir()
    window.drop.remember_folder(str(folder / "a.png"))
    assert window.drop.start_folder() == str(folder)
    window.drop.remember_folder(str(tmp_path / "deleted since" / "a.png"))
    assert os.path.isdir(window.drop.start_folder())


def test_notices_share_one_area_newest_first_and_go_at_once(make_window: Any) -> None:
    window = make_window()
    notices = window.notices
    for i in range(5):
        window.controller.notice.emit(f"notice {i}")
    assert notices.isVisible()
    assert notices.texts() == [f"notice {i}" for i in (4, 3, 2, 1, 0)]
    assert [b.isVisible() for b in notices.items] == [True, True, True, False, False]
    assert notices.more.isVisible() and "2 older notices" in notices.more.text()
    notices.dismiss_all.click()
    assert notices.texts() == [] and not notices.isVisible()
    window.controller.notice.emit("only one")
    assert not notices.dismiss_all.isVisible()  # one notice has its own close button


def test_a_retry_says_why_under_the_list(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window()
    local_server.faults.api_status(503, retry_after=3)
    window.add_paths([str(png(tmp_path, "r.png", 9))])
    model = window.controller.model
    aloop.until(lambda: model.find(lambda r: r.state is RowState.RETRYING))
    window.view.selectRow(0)
    aloop.until(window.detail.isVisible)
    said = window.detail.text()
    assert said.startswith("Retrying in ") and "The service had a problem (HTTP 503" in said
    window.controller.cancel_all()


def test_a_refused_name_shows_no_bidi_or_control_character(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    tricky = tmp_path / "invoice\u202egnp.exe"
    tricky.write_text("not a picture")
    window.add_paths([str(tricky)])
    aloop.until(lambda: window.controller.model.rowCount() == 1)
    model = window.controller.model
    said = model.status_text(model.row_at(0))
    assert "\u202e" not in said and "\\u202e" in said
    window.view.selectRow(0)
    aloop.until(window.detail.isVisible)
    assert "\u202e" not in window.detail.text()
