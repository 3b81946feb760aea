"""File → Export history and Copy as with the person's own templates, driven in a real window."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from app.core.history import History
from tests.helpers import make_png
from tests.ui.conftest import Loop


def seed(profile: Any, tmp_path: Path, count: int) -> None:
    history = History(profile.history)
    now = datetime.now(UTC)
    for n in range(count):
        path = tmp_path / f"p{n}.png"
        path.write_bytes(make_png(30 + n, 20, seed=n))
        history.add(name=path.name, size=path.stat().st_size, mime="image/png",
                    public_url=f"https://cdn.example/{n}.png",
                    uploaded_at=now - timedelta(hours=n), source_path=str(path))  # fmt: skip
    history.close()


def select(window: Any, names: set[str]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    model, view = window.controller.model, window.view
    view.clearSelection()
    for row in model.rows:
        if row.name in names:
            index = window.proxy.mapFromSource(model.index(model.position(row), 0))
            view.selectionModel().select(
                index,
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def test_export_all_and_the_selection(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, monkeypatch: Any
) -> None:
    seed(profile, tmp_path, 4)
    window = make_window(settings={"expiry_notice": False})
    assert window.acts.export_all in window.acts.menu_file.actions()
    target = tmp_path / "all"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "JSON (*.json)"))  # fmt: skip
    window.acts.export_all.trigger()
    aloop.until(lambda: (tmp_path / "all.json").exists())
    docs = json.loads((tmp_path / "all.json").read_text())
    assert [d["name"] for d in docs] == ["p0.png", "p1.png", "p2.png", "p3.png"]
    aloop.until(lambda: "Exported 4 uploads to " in window.statusBar().currentMessage())

    select(window, {"p1.png", "p3.png"})
    window.acts.update()
    assert window.acts.export_selected.isEnabled()
    picked = tmp_path / "some.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(picked), "CSV for spreadsheets (*.csv)"))  # fmt: skip
    window.acts.export_selected.trigger()
    aloop.until(picked.exists)
    rows = list(csv.reader(picked.read_text("utf-8-sig").splitlines()))
    assert sorted(r[0] for r in rows[1:]) == ["p1.png", "p3.png"]


def test_an_unwritable_export_says_so(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, monkeypatch: Any
) -> None:
    seed(profile, tmp_path, 1)
    window = make_window(settings={"expiry_notice": False})
    missing = tmp_path / "no such folder" / "out.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(missing), ""))
    window.acts.export_all.trigger()
    aloop.until(window.notices.texts)
    assert window.notices.texts()[0].startswith(f"The history could not be exported to {missing}")


def test_a_template_is_refused_for_an_unknown_placeholder_then_saved_and_copied(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    from app.ui.window.templates_dialog import TemplatesDialog

    seed(profile, tmp_path, 2)
    window = make_window(settings={"expiry_notice": False})
    dialog = TemplatesDialog(window.controller, window)
    dialog.name.setText("Prompt")
    dialog.text.setPlainText("ref {link}")
    assert not dialog.save_current()
    assert dialog.error.text().startswith("The template Prompt uses the placeholder link, which")
    assert window.controller.settings.get("copy_templates") == "[]"
    dialog.text.setPlainText("{name}: {url} ({width}x{height}, {type})")
    assert dialog.save_current() and dialog.error.text() == ""
    dialog.deleteLater()

    select(window, {"p1.png"})
    menu = window.acts.menu_copy_as
    menu.aboutToShow.emit()
    mine = [a for a in menu.actions() if a.text() == "Prompt"]
    assert len(mine) == 1
    menu.aboutToShow.emit()  # refreshing does not add it twice
    assert [a.text() for a in menu.actions()].count("Prompt") == 1
    mine = [a for a in menu.actions() if a.text() == "Prompt"]
    mine[0].trigger()
    assert QGuiApplication.clipboard().text() == (
        "p1.png: https://cdn.example/1.png (31x20, image/png)"
    )


def test_the_settings_dialog_opens_the_templates_beside_the_copy_format(
    make_window: Any, monkeypatch: Any
) -> None:
    from app.ui.window import templates_dialog
    from app.ui.window.settings_dialog import SettingsDialog

    opened: list[Any] = []
    monkeypatch.setattr(templates_dialog.TemplatesDialog, "exec", lambda d: opened.append(d) or 0)
    window = make_window(settings={"expiry_notice": False})
    dialog = SettingsDialog(window.controller, window)
    assert dialog.templates.text() == "Own te&mplates…"
    dialog.templates.click()
    assert len(opened) == 1 and opened[0].windowTitle() == "Copy templates"
    dialog.deleteLater()


def test_a_video_template_gets_its_length_and_size(
    make_window: Any, tmp_path: Path, profile: Any
) -> None:
    import shutil

    from app.ui.window.templates_dialog import TemplatesDialog

    media = Path(__file__).resolve().parents[1] / "core" / "data" / "media"
    clip = Path(shutil.copy(media / "video.mp4", tmp_path / "clip.mp4"))
    history = History(profile.history)
    history.add(name="clip.mp4", size=clip.stat().st_size, mime="video/mp4",
                public_url="https://cdn.example/clip.mp4", uploaded_at=datetime.now(UTC),
                source_path=str(clip))  # fmt: skip
    history.close()
    window = make_window(settings={"expiry_notice": False})
    dialog = TemplatesDialog(window.controller, window)
    dialog.start_new()
    assert dialog.text.toPlainText() == "{url}"
    dialog.name.setText("Video call")
    dialog.text.setPlainText('{{"video_url": "{url}", "seconds": {duration}}} {width}x{height}')
    assert dialog.save_current()
    dialog.deleteLater()
    select(window, {"clip.mp4"})
    window.acts.menu_copy_as.aboutToShow.emit()
    (mine,) = [a for a in window.acts.menu_copy_as.actions() if a.text() == "Video call"]
    mine.trigger()
    assert QGuiApplication.clipboard().text() == (
        '{"video_url": "https://cdn.example/clip.mp4", "seconds": 0.2} 16x16'
    )
