"""The window's side of the update check: a question in the notice area (never a modal dialog),
a notice with "Skip this version" when a newer release is out, and Help -> About."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QPushButton

from app.core import updates
from app.ui.control.updates_ui import UpdatePrompt
from app.ui.window.about import about_text
from tests.rawserver import RawServer, answer, read_request


def _serve(body: bytes) -> Any:
    def handle(conn: socket.socket, srv: RawServer) -> None:
        read_request(conn)
        srv.send(conn, answer(200, body))

    return handle


def _buttons(banner: Any) -> dict[str, QPushButton]:
    return {b.text(): b for b in banner.findChildren(QPushButton) if b.text() != "✕"}


def test_asked_once_then_a_newer_release_is_offered_and_can_be_skipped(
    make_window: Any, tmp_path: Path
) -> None:
    body = json.dumps({"tag_name": "v9.0.0", "html_url": "https://example.org/r/9"}).encode()
    with RawServer(_serve(body)) as srv:
        window = make_window()
        endpoint = updates.releases_endpoint({updates.ENV_UPDATE_URL: srv.url})
        state = tmp_path / "updates.json"
        check = updates.UpdateCheck(state, "1.0.0", endpoint=endpoint, distribution_package=False)
        prompt = UpdatePrompt(window, check)
        prompt.start()
        assert QApplication.activeModalWidget() is None  # a notice, not a dialog
        assert prompt.question is not None and prompt.question.isVisibleTo(window)
        assert "new version" in prompt.question.label.text()
        assert srv.connections == 0  # nothing fetched before the answer
        _buttons(prompt.question)["Check for updates"].click()
        assert prompt.question is None and prompt.toggle.isChecked()
        make_window.aloop.until(lambda: prompt.offer is not None)
        assert "9.0.0 is out (this is 1.0.0)" in prompt.offer.label.text()
        assert set(_buttons(prompt.offer)) == {"Download", "Skip this version"}
        _buttons(prompt.offer)["Skip this version"].click()
        assert prompt.offer is None
        assert json.loads(state.read_text())["skipped"] == "9.0.0"
        # The next start asks nothing, and the menu entry turns it off.
        again = UpdatePrompt(window, updates.UpdateCheck(state, "1.0.0", endpoint=endpoint,
                                                         distribution_package=False))  # fmt: skip
        again.start()
        assert again.question is None
        again.toggle.setChecked(False)
        assert json.loads(state.read_text())["enabled"] is False


def test_a_distribution_package_neither_asks_nor_shows_the_menu_entry(
    make_window: Any, tmp_path: Path
) -> None:
    window = make_window()
    check = updates.UpdateCheck(tmp_path / "u.json", "1.0.0", distribution_package=True)
    prompt = UpdatePrompt(window, check)
    prompt.start()
    assert prompt.question is None
    assert prompt.toggle not in window.acts.menu_help.actions()


def test_about_names_version_licence_project_and_where_to_report() -> None:
    from app import __version__

    text = about_text()
    for part in (__version__, "MIT", updates.PROJECT_URL, updates.ISSUES_URL):
        assert part in text
