"""Files from anywhere in the real window (issue 17): the watched folder through to the local
service and the history, its settings, copied images, and Add folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from app.core.settings import Settings
from app.core.watch import WatchOptions
from app.ui.table.rows import RowState
from app.ui.window.settings_dialog import SettingsDialog
from tests.helpers import make_png
from tests.ui.conftest import Loop

FAST = WatchOptions(settle=0.3, tick=0.05, rescan=0.4)


def done(window: Any) -> list[Any]:
    return window.controller.model.find(lambda r: r.state is RowState.DONE)


def watching_window(make_window: Any, folder: Path) -> Any:
    window = make_window(start=False, settings={"watch_enabled": True, "watch_folder": str(folder)})
    window.controller.watched.options = FAST
    window.controller.start()
    window.show()
    return window


def test_new_files_in_the_watched_folder_are_uploaded_once_even_after_a_restart(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    folder = tmp_path / "generated"
    folder.mkdir()
    (folder / "before.png").write_bytes(make_png(5, 5, seed=1))
    window = watching_window(make_window, folder)
    aloop.settle(0.3)
    pictures = {f"gen {i}.png": make_png(9, 9, seed=10 + i) for i in range(5)}
    for name, data in pictures.items():
        (folder / f"{name}.part").write_bytes(data)
        (folder / f"{name}.part").rename(folder / name)
    (folder / "prompt.txt").write_text("a cat in a hat")
    aloop.until(lambda: len(done(window)) == 5)
    aloop.settle(1.0)
    served = {r.name: httpx.get(r.url).content for r in done(window)}
    assert served == pictures
    assert len(local_server.puts) == 5  # not before.png, not the text, nothing twice
    aloop.run(window.controller.shutdown())
    window.controller.watched.stop()

    # A restart: the folder is not uploaded again; what arrived meanwhile is.
    (folder / "while closed.png").write_bytes(make_png(7, 7, seed=99))
    again = watching_window(make_window, folder)
    aloop.until(lambda: any(r.name == "while closed.png" for r in done(again)))
    aloop.settle(1.5)
    assert len(local_server.puts) == 6


def test_a_watched_folder_that_goes_away_says_so_and_comes_back(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    folder = tmp_path / "stick" / "images"
    folder.mkdir(parents=True)
    window = watching_window(make_window, folder)
    aloop.settle(0.3)
    shutil.rmtree(tmp_path / "stick")
    aloop.until(lambda: any("is not there" in t for t in window.notices.texts()))
    assert "unplugged" in window.notices.texts()[0]
    folder.mkdir(parents=True)
    aloop.until(lambda: any("is back" in t for t in window.notices.texts()))
    (folder / "late.png").write_bytes(make_png(6, 6, seed=3))
    aloop.until(lambda: len(done(window)) == 1)


def test_settings_turn_watching_on_and_refuse_it_without_a_folder(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    dialog.intake.watch.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Choose the folder to watch" in dialog.error.text()
    dialog.intake.folder.setText(str(tmp_path / "missing"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "is not a folder on this computer" in dialog.error.text()

    folder = tmp_path / "out"
    folder.mkdir()
    dialog.intake.folder.setText(str(folder))
    dialog.intake.clipboard.setCurrentIndex(dialog.intake.clipboard.findData("offer"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    saved = Settings(profile.settings, env={})
    assert saved.get("watch_enabled") is True and saved.get("watch_folder") == str(folder)
    assert saved.get("clipboard_images") == "offer"
    watch = window.controller.watched.watch
    assert watch is not None and watch.folder == folder

    dialog = SettingsDialog(window.controller, window)
    dialog.intake.watch.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert window.controller.watched.watch is None  # turned off at once


def copy_image(width: int, height: int) -> None:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    mime = QMimeData()
    mime.setImageData(image)
    QGuiApplication.clipboard().setMimeData(mime)


def test_a_copied_image_is_offered_with_one_click(make_window: Any, aloop: Loop) -> None:
    window = make_window(settings={"clipboard_images": "offer"})
    offer = window.clipboard_offer
    copy_image(33, 22)
    aloop.until(offer.bar.isVisible)
    assert "33 × 22" in offer.bar.label.text()
    assert done(window) == []
    offer.upload.click()
    aloop.until(lambda: len(done(window)) == 1)
    assert not offer.bar.isVisible()
    served = QImage.fromData(httpx.get(done(window)[0].url).content)
    assert (served.width(), served.height()) == (33, 22)


def test_a_copied_image_is_uploaded_at_once_when_chosen(make_window: Any, aloop: Loop) -> None:
    window = make_window(settings={"clipboard_images": "upload"})
    copy_image(12, 8)
    aloop.until(lambda: len(done(window)) == 1)
    assert not window.clipboard_offer.bar.isVisible()


def test_copied_images_are_left_alone_by_default(make_window: Any, aloop: Loop) -> None:
    window = make_window()
    copy_image(12, 8)
    aloop.settle(0.5)
    assert not window.clipboard_offer.bar.isVisible()
    assert window.controller.model.rowCount() == 0


def test_add_folder_is_in_the_file_menu_and_walks_the_folder(
    make_window: Any, aloop: Loop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    menu = window.acts.menu_file.actions()
    assert menu.index(window.acts.add_folder) == menu.index(window.acts.add) + 1
    assert window.acts.add_folder.text() == "Add &folder…"
    folder = tmp_path / "album"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.png").write_bytes(make_png(4, 4, seed=i))
    (folder / "notes.txt").write_text("no")
    # The one stand-in: the system's folder dialog cannot be clicked from a test.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.acts.add_folder.trigger()
    aloop.until(lambda: len(done(window)) == 3)
    assert sorted(r.name for r in done(window)) == ["0.png", "1.png", "2.png"]
    assert window.controller.active_count() == 0
