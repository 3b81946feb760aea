"""Keyboard and small screens: Tab leaves the list and follows the eye, every control has a name
a screen reader can say, rows read as sentences, and a 640x480 window still works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolButton, QWidget

from app.ui.table.delegates import short_url
from app.ui.table.model import Column
from app.ui.table.rows import RowState
from tests.helpers import big_png, make_png
from tests.ui.conftest import Loop


def upload(window: Any, aloop: Loop, tmp_path: Path, count: int = 2) -> list[Any]:
    paths = []
    for i in range(count):
        path = tmp_path / f"photo {i}.png"
        path.write_bytes(make_png(8, 8, seed=40 + i))
        paths.append(str(path))
    window.add_paths(paths)
    aloop.until(lambda: len(window.controller.model.find(lambda r: r.url)) == count)
    return window.controller.model.find(lambda r: r.url)


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for a control: its accessible name."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def toolbar_buttons(window: Any) -> list[QToolButton]:
    bar = window.acts.toolbar
    found = [bar.widgetForAction(a) for a in bar.actions() if not a.isSeparator()]
    return [b for b in found if isinstance(b, QToolButton)]


def test_tab_leaves_the_list_and_follows_the_eye(
    make_window: Any, aloop: Loop, tmp_path: Path, qtbot: Any
) -> None:
    window = make_window()
    upload(window, aloop, tmp_path)
    window.activateWindow()
    window.search.setFocus()
    aloop.until(window.search.hasFocus)
    order: list[QWidget] = [window.search]
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    buttons = toolbar_buttons(window)
    assert order[1] is window.filter
    assert order[2] is window.view
    assert window.view.currentIndex().isValid()  # the list shows where the focus is
    assert order[3] is buttons[0]  # one Tab out of the list, not a walk through its cells
    assert all(b in order for b in buttons if b.isEnabled())
    assert window.search in order[4:]  # and round again: nothing traps the focus
    # Shift+Tab goes back the same way.
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is window.filter


def test_every_control_and_row_has_a_name_a_screen_reader_can_say(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    # The key panel is open too; a file over the limit is refused (not offered to be fitted).
    window = make_window(key=None, settings={"over_limit": "refuse"})
    window.add_paths([str(big_png(tmp_path / "huge.png", 11 * 1024 * 1024))])
    aloop.until(lambda: window.controller.model.rowCount() == 1)
    controls = [
        window.key_panel.field,
        window.key_panel.save,
        window.key_panel.demo,
        window.search,
        window.filter,
        window.view,
        *toolbar_buttons(window),
    ]
    for control in controls:
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control
        assert spoken_name(control).strip(), control
    assert spoken_name(window.key_panel.field) == "API key"
    assert spoken_name(window.search) == "Search"
    assert spoken_name(toolbar_buttons(window)[0]) == "Add files"

    window.controller.save_key("test-key")
    rows = upload(window, aloop, tmp_path)
    model = window.controller.model
    sentence = model.data(
        model.index(model.position(rows[0]) or 0, Column.NAME), Qt.ItemDataRole.AccessibleTextRole
    )
    assert sentence.startswith(f"{rows[0].name}, Done, expires in 6 days 23 hours")
    # The table hands the same sentence to the screen reader for the row's first cell.
    table = QAccessible.queryAccessibleInterface(window.view)
    said = {table.child(i).text(QAccessible.Text.Name) for i in range(table.childCount())}
    assert sentence in said
    refused = model.find(lambda r: r.state is RowState.REFUSED)[0]
    spoken = model.sentence(refused)
    assert spoken.startswith("huge.png, Not added: huge.png is 11 MB; images can be at most 10 MB")


def test_a_640_by_480_window_keeps_name_status_and_url(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    window = make_window()
    rows = upload(window, aloop, tmp_path)
    window.resize(640, 480)
    aloop.settle(0.1)
    assert (window.width(), window.height()) == (640, 480)
    view = window.view
    for column in (Column.KIND, Column.SIZE, Column.EXPIRES):
        assert view.isColumnHidden(column)
    for column in (Column.NAME, Column.STATUS, Column.URL):
        assert not view.isColumnHidden(column) and view.columnWidth(column) >= 120
    # The expiry folds into the status; the toolbar keeps its icons, named for screen readers.
    model = window.controller.model
    assert "left" in model.status_text(rows[0])
    assert window.acts.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
    # Each row's URL cell shows the part that tells rows apart: the end.
    shown = set()
    for row in rows:
        index = window.proxy.index(model.position(row) or 0, Column.URL)
        option = QStyleOptionViewItem()
        option.rect = view.visualRect(index)
        option.fontMetrics = view.fontMetrics()
        view.url_delegate.initStyleOption(option, index)
        assert option.text.endswith(row.url.rsplit("/", 1)[-1])
        shown.add(option.text)
    assert len(shown) == len(rows)
    # Wide again: every column comes back.
    window.resize(1200, 640)
    aloop.settle(0.1)
    assert not any(view.isColumnHidden(c) for c in Column)
    assert "left" not in model.status_text(rows[0])


def test_short_urls_keep_the_file_name() -> None:
    url = "https://files.example.com/public/uploads/u123456789/1795945334783-818df240.png"
    assert short_url(url, 999, lambda t: True) == url
    shorter = short_url(url, 0, lambda t: len(t) <= 50)
    assert shorter == "files.example.com/…/1795945334783-818df240.png"
    # Narrower: the host stays, and the end of the file name with its extension.
    assert short_url(url, 0, lambda t: len(t) <= 33) == "files.example.com/…3-818df240.png"
    assert short_url(url, 0, lambda t: len(t) <= 30) == "…/1795945334783-818df240.png"
    assert short_url(url, 0, lambda t: False) == "…1795945334783-818df240.png"


def test_the_menu_key_opens_the_row_menu_at_the_current_row(
    make_window: Any, aloop: Loop, tmp_path: Path, monkeypatch: Any
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    opened: list[QPoint] = []
    # The offscreen platform cannot grab the keyboard for a real popup: note where it opens.
    monkeypatch.setattr(QMenu, "popup", lambda _menu, where, *_a: opened.append(where))
    window = make_window()
    upload(window, aloop, tmp_path)
    window.view.setFocus()
    window.view.selectRow(1)
    far = QPoint(5, window.view.viewport().height() - 2)  # below the rows: no row there
    global_pos = window.view.viewport().mapToGlobal(far)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, far, global_pos)
    QApplication.sendEvent(window.view.viewport(), event)
    menu = window.acts.row_menu
    assert menu is not None and opened
    row_rect = window.view.visualRect(window.proxy.index(1, 0))
    assert window.view.viewport().mapFromGlobal(opened[0]).y() == row_rect.center().y()
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "&Copy URL" in texts and "Remove from &list" in texts


def test_a_disabled_button_keeps_a_faded_icon(qapp: Any) -> None:
    from PySide6.QtGui import QIcon

    from app.ui.desktop import icons

    icon = icons.icon("retry")
    normal = icon.pixmap(24, QIcon.Mode.Normal).toImage()
    disabled = icon.pixmap(24, QIcon.Mode.Disabled).toImage()

    def ink(image: Any) -> int:
        return sum(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24))

    assert 0 < ink(disabled) < ink(normal)  # there, but fainter: not an empty gap


def test_a_short_window_keeps_the_key_panel_and_notices_whole(
    make_window: Any, aloop: Loop
) -> None:
    window = make_window(key=None)
    window.resize(640, 480)
    window.controller.notice.emit("Skipped 2 files that are not images, video or audio: a, b")
    window.controller.notice.emit("A second notice.")
    aloop.settle(0.2)
    help_text = window.key_panel.help
    assert help_text.height() >= help_text.heightForWidth(help_text.width())  # no line cut off
    field = window.key_panel.field
    assert help_text.geometry().bottom() < field.geometry().top()  # and nothing overlaps
    for banner in window.notices.items:
        assert banner.label.height() >= banner.label.heightForWidth(banner.label.width())
    assert window.empty.add.isVisible()  # the page gave way, the button stayed
    assert not window.empty.picture.isVisible()
