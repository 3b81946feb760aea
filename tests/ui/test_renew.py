"""Renewing from the window: the row's Renew, Renew all expiring, a gone file picked again, the
expiry notice once a day, and the settings that steer it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.history import PUBLIC_LIFETIME, History
from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def seed(profile: Any, tmp_path: Path, ages: dict[str, timedelta]) -> dict[str, int]:
    history = History(profile.history)
    now = datetime.now(UTC)
    ids = {}
    for number, (name, age) in enumerate(ages.items()):
        data = make_png(10, 8, seed=number)
        path = tmp_path / name
        path.write_bytes(data)
        ids[name] = history.add(
            name=name, size=len(data), mime="image/png",
            public_url=f"https://old.example/{name}", uploaded_at=now - age,
            source_path=str(path), sha256=hashlib.sha256(data).hexdigest(),
        ).id  # fmt: skip
    history.close()
    return ids


def select(window: Any, name: str) -> Any:
    model = window.controller.model
    row = next(r for r in model.rows if r.name == name)
    window.view.selectRow(window.proxy.mapFromSource(model.index(model.position(row), 0)).row())
    return row


def test_renew_in_the_row_menu_gives_the_row_a_new_url_and_lists_the_old_one(
    make_window: Any,
    aloop: Loop,
    tmp_path: Path,
    profile: Any,
    local_server: Any,
    monkeypatch: Any,
) -> None:
    from PySide6.QtWidgets import QMenu

    # The offscreen platform cannot grab the keyboard for a real popup.
    monkeypatch.setattr(QMenu, "popup", lambda *_a: None)
    ids = seed(profile, tmp_path, {"soon.png": timedelta(days=6, hours=20),
                                   "fresh.png": timedelta(hours=1)})  # fmt: skip
    window = make_window()
    select(window, "fresh.png")
    window.acts.update()
    assert not window.acts.renew.isEnabled()  # six days left: nothing to renew yet
    row = select(window, "soon.png")
    window.acts.update()
    assert window.acts.renew.isEnabled()
    window.acts.context_menu(window.view.visualRect(window.view.currentIndex()).center())
    menu = window.acts.row_menu
    assert window.acts.renew in menu.actions()
    assert window.acts.renew in window.acts.menu_edit.actions()
    window.acts.renew.trigger()
    aloop.until(lambda: any(r.url and r.url.startswith(local_server.base_url)
                            and r.record_id == ids["soon.png"]
                            for r in window.controller.model.rows))  # fmt: skip
    model = window.controller.model
    # The renewed row leaves the list a moment later (renewals finishing together leave at once).
    aloop.until(lambda: [r.name for r in model.rows].count("soon.png") == 1)
    renewed = [r for r in model.rows if r.record_id == ids["soon.png"]]
    assert len(renewed) == 1 and renewed[0] is not row  # one row for the file, the new one
    assert [r.name for r in model.rows].count("soon.png") == 1
    left = renewed[0].expires_at - datetime.now(UTC)
    assert PUBLIC_LIFETIME - timedelta(minutes=1) < left <= PUBLIC_LIFETIME
    assert httpx.get(renewed[0].url, timeout=10).content == (tmp_path / "soon.png").read_bytes()
    select(window, "soon.png")
    window._update_detail()
    assert "Earlier link, works until " in window.detail.text()
    assert "https://old.example/soon.png" in window.detail.text()
    history = History(profile.history)
    assert history.get(ids["soon.png"]).public_url == renewed[0].url  # type: ignore[union-attr]
    assert history.count() == 2
    history.close()


def test_a_gone_file_says_so_and_picking_it_again_renews(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, monkeypatch: Any
) -> None:
    ids = seed(profile, tmp_path, {"moved.png": timedelta(days=6, hours=22)})
    moved = tmp_path / "sub"
    moved.mkdir()
    (tmp_path / "moved.png").rename(moved / "moved.png")
    # The offscreen platform warns about a shown message box; the question itself is tested.
    monkeypatch.setattr(QMessageBox, "open", lambda _box: None)
    window = make_window()
    select(window, "moved.png")
    window.acts.renew.trigger()
    aloop.until(lambda: window.renew_ui.question is not None)
    box = window.renew_ui.question
    assert box.text() == (
        f"moved.png is no longer at {tmp_path / 'moved.png'}, so its link was not renewed. "
        "Pick the file again if it was moved."
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(moved / "moved.png"), ""))  # fmt: skip
    pick = next(b for b in box.buttons() if b.text() == "Pick the file…")
    pick.click()
    aloop.until(lambda: any(r.record_id == ids["moved.png"] and r.state is RowState.DONE
                            and r.path == str(moved / "moved.png")
                            for r in window.controller.model.rows))  # fmt: skip
    history = History(profile.history)
    record = history.get(ids["moved.png"])
    assert record is not None and record.source_path == str(moved / "moved.png")
    history.close()


def test_renew_all_expiring_renews_what_the_chosen_window_holds(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any, monkeypatch: Any
) -> None:
    ids = seed(profile, tmp_path, {"a.png": timedelta(days=6, hours=12),
                                   "b.png": timedelta(days=5),
                                   "c.png": timedelta(days=1)})  # fmt: skip
    (tmp_path / "b.png").write_bytes(make_png(10, 8, seed=99))  # changed since
    window = make_window(settings={"expiry_notice": False})

    def choose(dialog: Any) -> int:
        labels = [b.text() for b in dialog.group.buttons()]
        assert labels[1] == "expire within 1 day (1 link)"
        assert labels[2] == "expire within 3 days (2 links)"
        dialog.group.button(2).setChecked(True)
        return 1

    from app.ui.window import renew_ui

    monkeypatch.setattr(renew_ui.RenewAllDialog, "exec", choose)
    monkeypatch.setattr(QMessageBox, "open", lambda _box: None)
    window.acts.renew_expiring.trigger()
    aloop.until(lambda: window.renew_ui.question is not None)
    assert window.renew_ui.question.text().startswith("b.png at ")  # the changed one says so

    def a_renewed() -> bool:
        now = datetime.now(UTC)
        return any(r.record_id == ids["a.png"] and r.state is RowState.DONE and r.uploaded_at
                   and now - r.uploaded_at < timedelta(minutes=1)
                   for r in window.controller.model.rows)  # fmt: skip

    aloop.until(a_renewed)
    untouched = next(r for r in window.controller.model.rows if r.record_id == ids["c.png"])
    assert untouched.url == "https://old.example/c.png"


def test_the_expiry_notice_comes_once_a_day_and_can_be_turned_off(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    seed(profile, tmp_path, {"x.png": timedelta(days=6, hours=23, minutes=50),
                             "y.png": timedelta(days=6, hours=23, minutes=55),
                             "z.png": timedelta(days=6, hours=23, minutes=58),
                             "w.png": timedelta(days=5)})  # fmt: skip
    window = make_window(settings={"expiry_notice_hours": 1})
    assert window.renew_ui.check_expiring()
    (said,) = window.notices.texts()
    assert said.startswith(("3 links expire today.", "3 links expire within 1 hour."))
    assert not window.renew_ui.check_expiring()  # once a day
    assert window.controller.settings.get("expiry_notice_shown") == (
        datetime.now(UTC).astimezone().date().isoformat()
    )
    window.controller.settings.set("expiry_notice_shown", "")
    window.controller.settings.set("expiry_notice", False)
    assert not window.renew_ui.check_expiring()
    window.controller.settings.set("expiry_notice", True)
    window.controller.settings.set("expiry_notice_hours", 72)
    assert window.renew_ui.check_expiring()
    assert any(t.startswith("4 links expire within 72 hours.") for t in window.notices.texts())


def test_the_settings_dialog_steers_the_notice(make_window: Any, monkeypatch: Any) -> None:
    from app.ui.window.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    row = dialog.expiry_notice
    assert row.enabled.isChecked() and row.hours.value() == 24
    row.enabled.setChecked(False)
    assert not row.hours.isEnabled()
    row.hours.setValue(6)
    values = dialog.values()
    assert (values["expiry_notice"], values["expiry_notice_hours"]) == (False, 6)
    dialog.deleteLater()


def test_the_count_is_right_after_a_renewal_folds_two_rows_into_one(
    make_window: Any, aloop: Loop, tmp_path: Path, profile: Any
) -> None:
    ids = seed(profile, tmp_path, {"a.png": timedelta(days=6, hours=20),
                                   "b.png": timedelta(hours=2)})  # fmt: skip
    window = make_window(settings={"expiry_notice": False})
    assert window.count_label.text() == "2 files"
    select(window, "a.png")
    window.acts.renew.trigger()
    aloop.until(lambda: window.controller.model.rowCount() == 3)  # the renewal's own row
    aloop.until(lambda: window.controller.model.rowCount() == 2
                and any(r.record_id == ids["a.png"] and r.url
                        and not r.url.startswith("https://old.example")
                        for r in window.controller.model.rows))  # fmt: skip
    assert window.count_label.text() == "2 files"


def test_renew_on_a_row_with_days_left_says_what_renew_is_for(
    make_window: Any, tmp_path: Path, profile: Any
) -> None:
    seed(profile, tmp_path, {"fresh.png": timedelta(hours=3)})
    window = make_window(settings={"expiry_notice": False})
    row = select(window, "fresh.png")
    assert window.controller.renew([row]) == 0
    assert (
        window.statusBar()
        .currentMessage()
        .startswith("Renew is for links that still work and have less than a day left")
    )
