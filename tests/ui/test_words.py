"""Every word in the person's language: the core's reasons each have a translated sentence, and
in Chinese no English sentence reaches the screen while files are refused, fail and are retried.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from app.core import sniff
from app.core.reasons import ENGLISH, Reason
from app.core.uploads import RetryPolicy
from app.ui.table.model import Column
from app.ui.table.rows import RowState
from app.ui.words import i18n, reasons, text
from tests.helpers import big_png, make_png
from tests.ui.conftest import Loop

TS = Path(__file__).resolve().parents[2] / "resources" / "translations"
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")
# Words that are the same in any language: product names, protocols, units, keys.
SAME_EVERYWHERE = {
    "UTC",
    "API",
    "URL",
    "PNG",
    "HTTP",
    "HTTPS",
    "Ctrl",
    "JSON",
    "HTML",
    "Markdown",
    "APIModels",
    "Uploader",
}


def english_words(shown: str, names: list[str]) -> list[str]:
    """English left in a sentence once file names, URLs and the server's quoted words are out."""
    for name in sorted(names, key=len, reverse=True):
        shown = shown.replace(name, " ")
    shown = re.sub(r"https?://[^\s\"<>）)]*", " ", shown)
    shown = re.sub(r"<[^>]+>", " ", shown)  # rich text's tags
    shown = re.sub(r"“[^”]*”", " ", shown)  # the server's own words, quoted, cannot be translated
    return [w for w in re.findall(r"[A-Za-z]{3,}", shown) if w not in SAME_EVERYWHERE]


def test_every_reason_code_has_a_sentence_in_the_window(qapp: Any) -> None:
    table = reasons.templates()
    assert set(ENGLISH) == set(table)
    for code, english in ENGLISH.items():
        words = table[code]()
        if words:  # the plural sentences are built in their own functions
            wanted = {p for p in PLACEHOLDER.findall(words)}
            assert wanted <= set(PLACEHOLDER.findall(english)) | {"size", "cap"}, code


def test_every_placeholder_survives_the_chinese_translation() -> None:
    root = ET.parse(TS / "apimodels_uploader_zh_CN.ts").getroot()  # noqa: S314 (our own file)
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, source
        forms = [f.text or "" for f in translation.findall("numerusform")] or [
            translation.text or ""
        ]
        for form in forms:
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), source
            for marker in ("%1", "%2", "%n"):
                assert (marker in form) == (marker in source), (source, form)


def test_every_kind_of_content_the_core_names_is_translated(qapp: Any) -> None:
    phrases = {phrase for _magic, _offset, phrase in sniff._BINARY_KINDS}
    phrases |= {sniff.ID3_WITHOUT_AUDIO, "plain text", "JSON data", "a ZIP archive"}
    try:
        assert i18n.apply("zh_CN") == "zh_CN"
        for phrase in phrases:
            assert reasons.looks(phrase) not in (phrase, reasons.looks("")), phrase
    finally:
        i18n.apply("en")


def test_the_window_says_in_english_what_the_cli_says(qapp: Any) -> None:
    why = Reason.of("too_large", name="big.png", size_bytes=11 * 1024 * 1024, kind="image",
                    cap_bytes=10 * 1024 * 1024)  # fmt: skip
    assert reasons.render(why) == str(why) == "big.png is 11 MB; images can be at most 10 MB."
    assert text.size(524) == "524 bytes" and text.size(1) == "1 byte"


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    assert i18n.apply("zh_CN") == "zh_CN"
    try:
        yield
    finally:
        assert i18n.apply("en") == "en"


class Screen:
    """Everything the window shows, gathered as it changes: cells, status bar, notices, panels."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.seen: list[str] = []
        model = window.controller.model
        model.dataChanged.connect(lambda *_: self.cells())
        model.rowsInserted.connect(lambda *_: self.cells())
        window.statusBar().messageChanged.connect(self.seen.append)
        window.controller.notice.connect(self.seen.append)
        window.controller.key_needed.connect(self.seen.append)

    def cells(self) -> None:
        model = self.window.controller.model
        roles = (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        )
        for row in range(model.rowCount()):
            for column in Column:
                index = model.index(row, column, QModelIndex())
                for role in roles:
                    value = index.data(role)
                    if isinstance(value, str):
                        self.seen.append(value)
        for column in Column:
            self.seen.append(model.headerData(column, Qt.Orientation.Horizontal))

    def widgets(self) -> None:
        for label in self.window.findChildren(QLabel):
            if label.isVisibleTo(self.window):
                self.seen.append(label.text())
        for button in self.window.findChildren(QAbstractButton):
            if button.isVisibleTo(self.window):
                self.seen.append(button.text())
        self.seen.extend(self.window.notices.texts())
        self.cells()

    def english(self, names: list[str]) -> list[tuple[str, list[str]]]:
        return [(s, w) for s in self.seen if (w := english_words(s, names))]


def test_in_chinese_no_english_sentence_reaches_the_screen(
    chinese: None, make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"auto_copy": False})
    window.controller.engine.options.retry = RetryPolicy(max_retries=1, base=0.05, cap=0.1)
    screen = Screen(window)
    big = big_png(tmp_path / "big.png", 11 * 1024 * 1024)
    notes = tmp_path / "notes.txt"
    notes.write_text("just some words in a file")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    album = tmp_path / "album"
    album.mkdir()
    (album / "readme.txt").write_text("not media")
    (album / "cover.png").write_bytes(make_png(seed=4))
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    (nothing / "todo.txt").write_text("words")
    small = tmp_path / "small.png"
    small.write_bytes(make_png(seed=5))
    fails = tmp_path / "fails.png"
    fails.write_bytes(make_png(seed=6))
    fresh = tmp_path / "fresh.png"
    fresh.write_bytes(make_png(seed=7))
    names = [p.name for p in (big, notes, empty, album, nothing, small, fails, fresh)]
    names += ["readme.txt", "cover.png", "todo.txt", str(tmp_path), "apimodels.app"]
    names += ["JPEG"]  # a format's name, in the offer to make big.png fit

    # Refusals of every common kind, a folder with a file skipped, a folder with nothing in it.
    window.add_paths([str(p) for p in (big, notes, empty, album, nothing)])
    aloop.until(lambda: window.controller.model.find(lambda r: r.state is RowState.DONE))
    # A retry that works, then a failure after retries, then the server refusing a request.
    local_server.faults.api_status(503, retry_after=0)
    window.add_paths([str(small)])
    aloop.until(lambda: len(window.controller.model.find(lambda r: r.url)) == 2)
    local_server.faults.api_status(503, times=2, retry_after=0)
    window.add_paths([str(fails)])
    aloop.until(lambda: window.controller.model.find(lambda r: r.state is RowState.FAILED))
    local_server.faults.api_status(400, body='{"code": 400, "msg": "contentType not allowed"}')
    window.controller.retry_failed()
    aloop.until(lambda: window.controller.active_count() == 0)
    aloop.until(lambda: window.controller.model.find(lambda r: r.state is RowState.FAILED))
    # A key the service refuses.
    window.controller.client.set_api_key("not-the-key")
    window.add_paths([str(fresh)])
    aloop.until(window.key_panel.isVisible)
    aloop.settle(0.2)
    screen.widgets()

    not_added = (RowState.REFUSED, RowState.OVER_LIMIT)  # big is offered to be made to fit
    refused = window.controller.model.find(lambda r: r.state in not_added)
    assert len(refused) == 4  # big, notes, empty and the folder with no media
    assert any("字节" in s for s in screen.seen)  # "0 字节", never "0 bytes"
    assert any("跳过" in s and "readme.txt" in s for s in screen.seen)  # names what was skipped
    assert any("服务" in s for s in screen.seen)  # the server's refusal, worded in Chinese
    assert screen.english(names) == []


def test_settings_rules_are_worded_in_chinese(chinese: None, make_window: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.ui.window.settings_dialog import SettingsDialog

    window = make_window()
    dialog = SettingsDialog(window.controller, window)
    dialog.base_url.setText("http://files.example.com")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "https://" in dialog.error.text()
    assert english_words(dialog.error.text(), []) == []
    window.key_panel.field.setText("two words")
    window.key_panel.save.click()
    assert window.key_panel.feedback.text()
    assert english_words(window.key_panel.feedback.text(), []) == []


def test_a_damaged_history_is_said_in_chinese(
    chinese: None, make_window: Any, profile: Any
) -> None:
    profile.history.parent.mkdir(parents=True, exist_ok=True)
    profile.history.write_bytes(b"SQLite format 3\x00" + b"\x5a" * 8192)  # a header, then noise
    window = make_window()
    said = window.notices.texts()
    assert any("上传历史已损坏" in s for s in said), said
    kept = [str(p) for p in profile.history.parent.glob("*.damaged-*")]
    assert all(english_words(s, kept) == [] for s in said), said


def test_common_file_errors_are_worded_not_copied_from_the_os(chinese: None) -> None:
    why = Reason.of("unreadable", name="a.png", detail="input/output error", os_error="EIO")
    assert reasons.render(why) == "无法读取 a.png（磁盘无法读取它）。请确认您可以打开它。"
    rare = Reason.of("unreadable", name="a.png", detail="no medium found", os_error="ENOMEDIUM")
    assert "no medium found" in reasons.render(rare)  # better the OS's words than none
