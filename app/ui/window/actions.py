"""The actions and menus: what every button, menu entry, shortcut and the tray can do.

Each command is one QAction, shared by the toolbar, the menus, the row's context menu and the
tray, so they are enabled and named in one place.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QSystemTrayIcon, QToolBar, QWidget

from app import APP_NAME
from app.ui.desktop import icons

if TYPE_CHECKING:
    from app.ui.window.mainwindow import MainWindow
    from app.ui.window.settings_dialog import SettingsDialog


#: Past this many rows, Select all on the whole list is answered from the model's counts.
WHOLE_LIST_ROWS = 1000


class Actions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.settings_dialog: SettingsDialog | None = None
        self.icon_names: dict[QAction, str] = {}
        self.row_menu: QMenu | None = None  # the last context menu, for tests and the keyboard
        self.qr_dialog: QWidget | None = None  # the last QR code shown
        self._build_actions()
        self._build_menus()
        self.tray = self._build_tray()

    # Building ------------------------------------------------------------------------------------

    def _action(self, icon: str | None, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(self.w)
        if icon:
            action.setIcon(icons.icon(icon))
            self.icon_names[action] = icon
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # Made with the body, before the controller (app.ui.app): a shortcut pressed in between
        # does nothing.
        action.triggered.connect(lambda _checked=False: self.w.built and slot())
        self.w.addAction(action)
        return action

    def _build_actions(self) -> None:
        w = self.w
        view = w.view
        sc = QKeySequence.StandardKey

        # The controller comes after the body (app.ui.app): its methods are looked up when an
        # action runs, not when it is made.
        def later(name: str) -> Callable[[], Any]:
            return lambda: getattr(w.controller, name)()

        def on_selected(name: str) -> Callable[[], Any]:
            return lambda: getattr(w.controller, name)(view.selected_rows())

        self.add = self._action("add", w.choose_files, sc.Open)
        self.add_folder = self._action("folder", w.drop.choose_folder, "Ctrl+Shift+O")
        self.paste = self._action("paste", w.paste, sc.Paste)
        self.copy = self._action("copy", on_selected("copy"), sc.Copy)
        self.copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.copy)
        w.removeAction(self.copy)
        self.copy_as = {
            fmt: self._action(None, functools.partial(self._copy_selected_as, fmt))
            for fmt in ("url", "markdown", "html", "call")
        }
        self.copy_all = self._action("copy-all", self.copy_all_shown, "Ctrl+Shift+C")
        self.open = self._action("open-link", self.open_selected, "Ctrl+Return")
        self.reveal = self._action("folder", self.reveal_selected, "Ctrl+Shift+R")
        self.retry = self._action("retry", on_selected("retry"), "Ctrl+R")
        self.retry_failed = self._action("retry", later("retry_failed"), "Ctrl+Shift+T")
        self.reupload = self._action("upload", on_selected("reupload"), "Ctrl+U")
        self.renew = self._action("retry", on_selected("renew"), "Ctrl+Shift+N")
        self.renew_expiring = self._action(None, lambda: self.w.renew_ui.renew_all_expiring())
        self.qr = self._action(None, self.show_qr, "Ctrl+Shift+Q")
        self.export_all = self._action(None, lambda: self.w.export_ui.export_all())
        self.export_selected = self._action(None, lambda: self.w.export_ui.export_selected())
        self.cancel = self._action("cancel", on_selected("cancel"), "Ctrl+.")
        self.cancel_all = self._action("cancel", later("cancel_all"), "Ctrl+Shift+.")
        self.remove = self._action("remove", self.remove_selected, sc.Delete)
        self.remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.addAction(self.remove)
        w.removeAction(self.remove)
        self.select_all = self._action(None, view.selectAll)
        self.search = self._action(None, self.focus_search, sc.Find)
        self.settings = self._action("settings", self.open_settings, sc.Preferences)
        if self.settings.shortcut().isEmpty():
            self.settings.setShortcut(QKeySequence("Ctrl+,"))
        self.demo = self._action("demo", later("start_demo"))
        self.logs = self._action(None, self.open_log_folder)
        self.about = self._action(None, self.show_about)
        self.quit = self._action(None, w.close, sc.Quit)
        if self.quit.shortcut().isEmpty():
            self.quit.setShortcut(QKeySequence("Ctrl+Q"))

        self.toolbar = QToolBar(w)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(icons.size(20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            self.add,
            self.paste,
            None,
            self.copy,
            self.copy_all,
            None,
            self.retry_failed,
            self.cancel_all,
            None,
            self.settings,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_menus(self) -> None:
        bar = self.w.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addActions([self.add, self.add_folder, self.paste])
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.export_all, self.export_selected])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.demo)
        self.menu_file.addAction(self.settings)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.quit)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addAction(self.copy)
        self.menu_copy_as = self.menu_edit.addMenu("")
        self.menu_copy_as.addActions(list(self.copy_as.values()))
        from app.ui.window.templates_dialog import TemplateMenu

        self.template_menu = TemplateMenu(self.menu_copy_as, self.w, self.w.view.selected_rows)
        self.menu_edit.addAction(self.copy_all)
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.renew, self.renew_expiring])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.select_all, self.search])
        self.menu_uploads = bar.addMenu("")
        self.menu_uploads.addActions([self.open, self.qr, self.reveal])
        self.menu_uploads.addSeparator()
        self.menu_uploads.addActions(
            [self.retry, self.retry_failed, self.reupload, self.cancel, self.cancel_all]
        )
        self.menu_uploads.addSeparator()
        self.menu_uploads.addAction(self.remove)
        self.menu_help = bar.addMenu("")
        self.menu_help.addActions([self.logs, self.about])

    def _build_tray(self) -> QSystemTrayIcon | None:
        # The menu first, tray or not: the same entries wherever a tray shows them.
        self.show_window = QAction(self.w)
        self.show_window.triggered.connect(self.bring_to_front)
        menu = self.tray_menu = QMenu(self.w)
        menu.addAction(self.show_window)
        menu.setDefaultAction(self.show_window)
        menu.addSeparator()
        menu.addActions([self.add, self.paste, self.copy_all, self.renew_expiring])
        menu.addSeparator()
        menu.addAction(self.quit)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(icons.icon("app-tray"), self.w)
        tray.setContextMenu(menu)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        return tray

    def tab_order(self) -> None:
        """Tab follows the eye: the key panel, search, filter, the list, then the buttons."""
        w, toolbar = self.w, self.toolbar
        buttons = []
        for action in toolbar.actions():
            button = toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator():
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                buttons.append(button)
        chain = [
            w.key_panel.field,
            w.key_panel.save,
            w.key_panel.demo,
            w.search,
            w.filter,
            w.view,
            w.empty.add,
            *buttons,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        texts = {
            self.add: (self.tr("&Add files…"), self.tr("Choose images, videos or audio")),
            self.add_folder: (
                self.tr("Add &folder…"),
                self.tr("Upload the images, videos and audio in a folder"),
            ),
            self.paste: (
                self.tr("&Paste"),
                self.tr("Upload files, a screenshot or a web address from the clipboard"),
            ),
            self.copy: (self.tr("&Copy URL"), self.tr("Copy the selected URLs")),
            self.copy_all: (self.tr("Copy all &live URLs"), None),
            self.open: (self.tr("&Open in browser"), None),
            self.reveal: (self.tr("Show in fol&der"), None),
            self.retry: (self.tr("&Retry"), None),
            self.retry_failed: (self.tr("Retry &failed"), self.tr("Retry every failed upload")),
            self.reupload: (
                self.tr("Re-&upload"),
                self.tr("Upload the file again for a new 7-day URL"),
            ),
            self.cancel: (self.tr("Ca&ncel"), None),
            self.renew: (
                self.tr("Re&new link"),
                self.tr("Upload the same file again for 7 more days; the row keeps its place"),
            ),
            self.renew_expiring: (self.tr("Renew all &expiring…"), None),
            self.export_all: (
                self.tr("&Export history…"),
                self.tr("Save every upload as CSV or JSON"),
            ),
            self.export_selected: (self.tr("Export selec&ted…"), None),
            self.qr: (
                self.tr("Show &QR code…"),
                self.tr("Show the URL as a QR code to scan with a phone"),
            ),
            self.cancel_all: (self.tr("Cancel &all"), self.tr("Stop every upload")),
            self.remove: (
                self.tr("Remove from &list"),
                self.tr("Remove from the list and the history"),
            ),
            self.select_all: (self.tr("Select &all"), None),
            self.search: (self.tr("&Find…"), None),
            self.settings: (self.tr("&Settings…"), None),
            self.demo: (self.tr("Try &demo mode"), None),
            self.logs: (self.tr("Open the &log folder"), None),
            self.about: (self.tr("&About"), None),
            self.quit: (self.tr("&Quit"), None),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip or text.replace("&", ""))
        self.select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
        names = {
            "url": self.tr("Plain URL"),
            "markdown": self.tr("Markdown"),
            "html": self.tr("HTML"),
            "call": self.tr("Ready generation call"),
        }
        for fmt, action in self.copy_as.items():
            action.setText(names[fmt])
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_copy_as.setTitle(self.tr("Copy a&s"))
        self.menu_uploads.setTitle(self.tr("&Uploads"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.show_window.setText(self.tr("&Show window"))

    def recolour(self) -> None:
        for action, name in self.icon_names.items():
            action.setIcon(icons.icon(name))

    # Which actions apply now ---------------------------------------------------------------------

    def update(self) -> None:
        w = self.w
        from app.ui.table.selection import allowed_for, allowed_for_all  # with the body

        model = w.model  # made before the controller: the buttons are right from the start
        now = model.clock()
        # Select all on the whole list: the model's counts, not a walk over every row.
        whole = w.view.whole_list_selected()
        # (a short list is looked at row by row: one selected row of one is still that row)
        rows = None if whole and model.rowCount() > WHOLE_LIST_ROWS else w.view.selected_rows()
        can = allowed_for_all(model, now) if rows is None else allowed_for(rows, now)
        self.copy.setEnabled(can.live)
        for action in self.copy_as.values():
            action.setEnabled(can.live)
        self.open.setEnabled(can.url)
        self.reveal.setEnabled(can.path)
        self.retry.setEnabled(can.retry)
        self.reupload.setEnabled(can.reupload)
        self.cancel.setEnabled(can.cancel)
        self.remove.setEnabled(can.any)
        if rows is None:  # the whole list: what its counts tell, no walk over every row
            self.renew.setEnabled(can.live)
            self.export_selected.setEnabled(can.any)
            self.qr.setEnabled(False)
        else:
            controller = getattr(w, "controller", None)  # made after the body's first paint
            self.renew.setEnabled(
                controller is not None and bool(controller.renewer.renewable(rows))
            )
            self.export_selected.setEnabled(any(r.record_id is not None for r in rows))
            self.qr.setEnabled(len(rows) == 1 and rows[0].is_live(now))
        # From the model's running counts: this runs at every selection change and batch end.
        self.cancel_all.setEnabled(model.active_count() > 0)
        self.retry_failed.setEnabled(model.count(lambda state: state.can_retry) > 0)
        self.copy_all.setEnabled(model.any_live(now))

    def context_menu(self, pos: QPoint) -> None:
        view = self.w.view
        index = view.indexAt(pos)
        if not index.isValid() and view.currentIndex().isValid():
            # The menu key: the menu opens at the current row, not where the mouse happens to be.
            index = view.currentIndex()
            pos = view.visualRect(index).center()
        if not index.isValid():
            return
        self.update()
        menu = QMenu(self.w)
        menu.addAction(self.copy)
        # A submenu of its own, owned by this menu: the menu bar's Copy as added here would be
        # deleted with this menu when it closes, and the next right-click would find it gone.
        copy_as = menu.addMenu(self.menu_copy_as.title())
        copy_as.addActions(list(self.copy_as.values()))
        menu.addSeparator()
        menu.addActions([self.open, self.qr, self.reveal])
        menu.addSeparator()
        for action in (self.retry, self.renew, self.reupload, self.cancel):
            if action.isEnabled():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.remove)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.viewport().mapToGlobal(pos))
        self.row_menu = menu

    # Commands ------------------------------------------------------------------------------------

    def copy_all_shown(self) -> None:
        """Every live URL the list shows: a search or a filter narrows what is copied too."""
        w = self.w
        shown = w.view.shown_rows()
        now = w.controller.clock()
        live = [r for r in shown if r.is_live(now)]
        if len(shown) == w.controller.model.rowCount():
            w.controller.copy(live)
            return
        copied = w.controller.copy(live, announce=not live)
        if copied:
            w.show_message(
                self.tr("Copied the %n live URL(s) of the rows shown.", "", copied)
                + " "
                + self.tr("Clear the search and the filter to copy every live URL.")
            )

    def _copy_selected_as(self, fmt: str) -> None:
        self.w.controller.copy(self.w.view.selected_rows(), fmt)

    def open_selected(self) -> None:
        for row in self.w.view.selected_rows()[:10]:
            self.w.controller.open_url(row)

    def show_qr(self) -> None:
        from app.ui.window.qr_dialog import QrDialog  # segno only when a code is asked for

        rows = self.w.view.selected_rows()
        now = self.w.controller.clock()
        if len(rows) != 1 or not rows[0].is_live(now):
            return
        dialog = QrDialog(rows[0], now, self.w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.qr_dialog = dialog
        dialog.open()

    def reveal_selected(self) -> None:
        rows = self.w.view.selected_rows()
        if rows:
            self.w.controller.reveal(rows[0])

    def remove_selected(self) -> None:
        # No question first: the notice that says what went offers Undo (undo_notice.py).
        self.w.controller.removal.remove(self.w.view.selected_rows())

    def focus_search(self) -> None:
        self.w.search.setFocus()
        self.w.search.selectAll()

    def open_settings(self) -> None:
        from app.ui.window.settings_dialog import SettingsDialog  # not needed for the first paint

        dialog = SettingsDialog(self.w.controller, self.w)
        self.settings_dialog = dialog
        accepted = dialog.exec()
        dialog.key.clear()  # a typed key does not linger in a hidden widget
        dialog.deleteLater()
        self.settings_dialog = None
        if accepted:
            self.w.settings_applied.emit(self.w.controller.settings.get("language"))

    def open_log_folder(self) -> None:
        folder = self.w.controller.paths.logs
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> None:

        from app.ui.window.about import about_text

        QMessageBox.about(self.w, self.tr("About %1").replace("%1", APP_NAME), about_text())

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.bring_to_front()

    def bring_to_front(self) -> None:
        self.w.showNormal()
        self.w.raise_()
        self.w.activateWindow()
