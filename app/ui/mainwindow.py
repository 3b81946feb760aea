"""The main window: drop zone, upload list, the bars above it, menus, status bar and tray."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QMimeData,
    QPoint,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QSystemTrayIcon,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.media import Media
from app.core.private import private_dir, tighten
from app.core.settings import SettingsError
from app.ui import icons, theme
from app.ui.controller import Controller
from app.ui.model import FilterProxy
from app.ui.panels import Banner, KeyPanel
from app.ui.rows import Row
from app.ui.settings_dialog import SettingsDialog
from app.ui.view import EmptyPage, UploadsView

log = logging.getLogger("apimodels.ui")

MEDIA_FILTER_PATTERNS = (
    "*.png *.jpg *.jpeg *.gif *.webp *.bmp *.tif *.tiff *.heic *.heif *.avif *.svg *.ico "
    "*.mp4 *.m4v *.mov *.webm *.mkv *.avi *.ts *.mts *.ogv *.wmv "
    "*.mp3 *.wav *.flac *.ogg *.oga *.opus *.m4a *.aac *.aiff *.aif *.weba *.mka *.wma *.caf"
)


def _local_paths(mime: QMimeData) -> tuple[list[str], list[str]]:
    """Local files in a drop or paste, and what else came along (web links and the like)."""
    paths, others = [], []
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile():
            paths.append(url.toLocalFile())
        else:
            others.append(url.toString())
    return paths, others


class MainWindow(QMainWindow):
    first_painted = Signal()  # the person sees the window: slower work may start
    quit_requested = Signal()
    settings_applied = Signal(str)  # the language setting, so the app can switch

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(860, 480)
        self.resize(1120, 640)
        self.settings_dialog: SettingsDialog | None = None
        self._duplicates: list[tuple[Media, Row]] = []
        self._quitting = False
        self._icon_names: dict[QAction, str] = {}
        self._dark = theme.is_dark()
        self._painted = False

        self.proxy = FilterProxy(controller.model, self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(6)
        self.demo_banner = Banner("demo", central, closable=False, rich=True)
        self.demo_banner.hide()
        self.key_panel = KeyPanel(central)
        self.key_panel.hide()
        self.notice = Banner("warn", central)
        self.notice.hide()
        self.duplicates_bar = Banner("info", central)
        self.duplicates_bar.hide()
        self.use_existing = self.duplicates_bar.add_button("")
        self.upload_again = self.duplicates_bar.add_button("")
        for widget in (self.demo_banner, self.key_panel, self.notice, self.duplicates_bar):
            layout.addWidget(widget)

        filters = QHBoxLayout()
        self.filter = QComboBox(central)
        self.search = QLineEdit(central)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.count_label = QLabel(central)
        filters.addWidget(self.filter)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.stack = QStackedWidget(central)
        self.empty = EmptyPage(self.stack)
        self.view = UploadsView(self.proxy, self.stack)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.status_text = QLabel(self)
        self.overall = QProgressBar(self)
        self.overall.setMaximumWidth(220)
        self.overall.setRange(0, 1000)
        self.overall.setTextVisible(False)
        self.overall.hide()
        self.overall_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.overall_label)
        self.statusBar().addPermanentWidget(self.overall)

        self._restore_layout()
        # Engine news arrives many times a second: the bars and buttons follow at most 8 times.
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(120)
        self._totals_timer.timeout.connect(self._update_totals)
        self._totals_timer.timeout.connect(self._update_actions)
        self._build_actions()
        self._build_menus()
        self.tray = self._build_tray()
        self._connect()
        self.retranslate()
        self._on_rows_changed()
        self._update_actions()

    # Building ------------------------------------------------------------------------------------

    def _action(self, icon: str | None, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(self)
        if icon:
            action.setIcon(icons.icon(icon))
            self._icon_names[action] = icon
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        c = self.controller
        sc = QKeySequence.StandardKey
        self.act_add = self._action("add", self.choose_files, sc.Open)
        self.act_paste = self._action("paste", self.paste, sc.Paste)
        self.act_copy = self._action("copy", lambda: c.copy(self.view.selected_rows()), sc.Copy)
        self.act_copy.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.act_copy)
        self.removeAction(self.act_copy)
        self.copy_as = {
            fmt: self._action(None, functools.partial(self._copy_selected_as, fmt))
            for fmt in ("url", "markdown", "html", "call")
        }
        self.act_copy_all = self._action("copy", c.copy_all_live, "Ctrl+Shift+C")
        self.act_open = self._action("open-link", self.open_selected, "Ctrl+Return")
        self.act_reveal = self._action("folder", self.reveal_selected, "Ctrl+Shift+R")
        self.act_retry = self._action("retry", lambda: c.retry(self.view.selected_rows()), "Ctrl+R")
        self.act_retry_failed = self._action("retry", c.retry_failed, "Ctrl+Shift+T")
        self.act_reupload = self._action(
            "upload", lambda: c.reupload(self.view.selected_rows()), "Ctrl+U"
        )
        self.act_cancel = self._action(
            "cancel", lambda: c.cancel(self.view.selected_rows()), "Ctrl+."
        )
        self.act_cancel_all = self._action("cancel", self.cancel_all, "Ctrl+Shift+.")
        self.act_remove = self._action("remove", self.remove_selected, sc.Delete)
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.act_remove)
        self.removeAction(self.act_remove)
        self.act_select_all = self._action(None, self.view.selectAll)
        self.act_search = self._action(None, self.focus_search, sc.Find)
        self.act_settings = self._action("settings", self.open_settings, sc.Preferences)
        if self.act_settings.shortcut().isEmpty():
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_demo = self._action("demo", self.controller.start_demo)
        self.act_logs = self._action(None, self.open_log_folder)
        self.act_about = self._action(None, self.about)
        self.act_quit = self._action(None, self.close, sc.Quit)
        if self.act_quit.shortcut().isEmpty():
            self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setIconSize(icons.size(20))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            self.act_add,
            self.act_paste,
            None,
            self.act_copy,
            self.act_copy_all,
            None,
            self.act_retry_failed,
            self.act_cancel_all,
            None,
            self.act_settings,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addActions([self.act_add, self.act_paste])
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_demo)
        self.menu_file.addAction(self.act_settings)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addAction(self.act_copy)
        self.menu_copy_as = self.menu_edit.addMenu("")
        self.menu_copy_as.addActions(list(self.copy_as.values()))
        self.menu_edit.addAction(self.act_copy_all)
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.act_select_all, self.act_search])
        self.menu_uploads = bar.addMenu("")
        self.menu_uploads.addActions([self.act_open, self.act_reveal])
        self.menu_uploads.addSeparator()
        self.menu_uploads.addActions(
            [
                self.act_retry,
                self.act_retry_failed,
                self.act_reupload,
                self.act_cancel,
                self.act_cancel_all,
            ]
        )
        self.menu_uploads.addSeparator()
        self.menu_uploads.addAction(self.act_remove)
        self.menu_help = bar.addMenu("")
        self.menu_help.addActions([self.act_logs, self.act_about])

    def _build_tray(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = QSystemTrayIcon(icons.icon("app-tray"), self)
        menu = QMenu(self)
        menu.addActions([self.act_add, self.act_paste, self.act_copy_all])
        menu.addSeparator()
        menu.addAction(self.act_quit)
        tray.setContextMenu(menu)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        return tray

    def _connect(self) -> None:
        c = self.controller
        c.message.connect(self.show_message)
        c.notice.connect(self.notice.show_text)
        c.key_needed.connect(self.key_panel.ask)
        c.key_accepted.connect(self.key_panel.hide)
        c.duplicates_found.connect(self._on_duplicates)
        c.totals_changed.connect(self._schedule_totals)
        c.batch_finished.connect(self._on_batch_finished)
        c.demo_changed.connect(self._on_demo_changed)
        self.key_panel.key_submitted.connect(self._on_key_submitted)
        self.key_panel.demo_requested.connect(c.start_demo)
        self.use_existing.clicked.connect(self._on_use_existing)
        self.duplicates_bar.closed.connect(self._on_duplicates_dismissed)
        self.upload_again.clicked.connect(self._on_upload_again)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_mode(self.filter.currentData() or FilterProxy.ALL)
        )
        self.search.textChanged.connect(self.proxy.set_search)
        self.proxy.rowsInserted.connect(self._on_rows_changed)
        self.proxy.rowsRemoved.connect(self._on_rows_changed)
        self.proxy.modelReset.connect(self._on_rows_changed)
        self.proxy.layoutChanged.connect(self._on_rows_changed)
        self.view.copy_requested.connect(lambda rows: c.copy(rows))
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.empty.add.clicked.connect(self.choose_files)

    def retranslate(self) -> None:
        self._update_title()
        texts = {
            self.act_add: (self.tr("&Add files…"), self.tr("Choose images, videos or audio")),
            self.act_paste: (
                self.tr("&Paste"),
                self.tr("Upload files or a screenshot from the clipboard"),
            ),
            self.act_copy: (self.tr("&Copy URL"), self.tr("Copy the selected URLs")),
            self.act_copy_all: (self.tr("Copy all &live URLs"), None),
            self.act_open: (self.tr("&Open in browser"), None),
            self.act_reveal: (self.tr("Show the &file"), None),
            self.act_retry: (self.tr("&Retry"), None),
            self.act_retry_failed: (self.tr("Retry &failed"), self.tr("Retry every failed upload")),
            self.act_reupload: (
                self.tr("Re-&upload"),
                self.tr("Upload the file again for a new 7-day URL"),
            ),
            self.act_cancel: (self.tr("Ca&ncel"), None),
            self.act_cancel_all: (self.tr("Cancel &all"), self.tr("Stop every upload")),
            self.act_remove: (
                self.tr("Remove from &list"),
                self.tr("Remove from the list and the history"),
            ),
            self.act_select_all: (self.tr("Select &all"), None),
            self.act_search: (self.tr("&Find…"), None),
            self.act_settings: (self.tr("&Settings…"), None),
            self.act_demo: (self.tr("Try &demo mode"), None),
            self.act_logs: (self.tr("Open the &log folder"), None),
            self.act_about: (self.tr("&About"), None),
            self.act_quit: (self.tr("&Quit"), None),
        }
        for action, (text, tip) in texts.items():
            action.setText(text)
            action.setToolTip(tip or text.replace("&", ""))
        self.act_select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
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
        self.menu_copy_as.setTitle(self.tr("Copy &as"))
        self.menu_uploads.setTitle(self.tr("&Uploads"))
        self.menu_help.setTitle(self.tr("&Help"))
        mode = self.filter.currentData() or FilterProxy.ALL
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(self.tr("All"), FilterProxy.ALL)
        self.filter.addItem(self.tr("Active"), FilterProxy.ACTIVE)
        self.filter.addItem(self.tr("Expired"), FilterProxy.EXPIRED)
        self.filter.setCurrentIndex(max(0, self.filter.findData(mode)))
        self.filter.blockSignals(False)
        self.filter.setAccessibleName(self.tr("Show"))
        self.filter.setToolTip(
            self.tr("Active: everything whose URL has not expired. Expired: past its 7 days.")
        )
        self.search.setPlaceholderText(self.tr("Search names and URLs (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search"))
        self.use_existing.setText(self.tr("Copy the existing URLs"))
        self.upload_again.setText(self.tr("Upload again"))
        self.demo_banner.label.setText(
            self.tr("<b>Demo mode:</b> files stay on this computer. The URLs work only here.")
        )
        self.controller.model.retranslate()
        self._on_rows_changed()
        self._update_totals()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # once this paint is on screen

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange and self._dark != theme.is_dark():
            self._dark = theme.is_dark()
            self._recolour()
        super().changeEvent(event)

    def _recolour(self) -> None:
        """Icons are drawn in the text colour: draw them again for a new (dark or light) palette."""
        for action, name in self._icon_names.items():
            action.setIcon(icons.icon(name))
        self.search.actions()[0].setIcon(icons.icon("filter"))
        self.key_panel.demo.setIcon(icons.icon("demo"))
        self.key_panel.icon.setPixmap(icons.pixmap("key", 40, self.devicePixelRatioF()))
        self.empty.add.setIcon(icons.icon("add"))
        for banner in (self.demo_banner, self.notice, self.duplicates_bar):
            banner.recolour()
        self.controller.model.retranslate()  # repaint the rows' icons

    # Files in ------------------------------------------------------------------------------------

    def add_paths(self, paths: Sequence[str]) -> None:
        self.controller.spawn(self.controller.add_paths(list(paths)))

    def choose_files(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            start,
            self.tr("Images, video and audio (%1);;All files (*)").replace(
                "%1", MEDIA_FILTER_PATTERNS
            ),
        )
        if files:
            self.add_paths(files)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return
        self.take(mime, pasted=True)

    def take(self, mime: QMimeData, *, pasted: bool) -> bool:
        """Files from a drop or the clipboard; a screenshot; or a sentence for anything else."""
        paths, others = _local_paths(mime) if mime.hasUrls() else ([], [])
        if paths:
            self.add_paths(paths)
        if others:
            self.show_message(
                self.tr(
                    "Web addresses cannot be uploaded from here: download the file first, "
                    "then drop it in."
                )
            )
        if paths or others:
            return bool(paths)
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                self.controller.spawn(self.controller.add_image(image))
                return True
        if pasted:
            self.show_message(
                self.tr(
                    "The clipboard holds no files or pictures. Copy files in your file manager "
                    "or take a screenshot, then paste."
                )
            )
        else:
            self.show_message(self.tr("Only files can be dropped here."))
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.setDropAction(Qt.DropAction.CopyAction)  # never a move out of the source
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.take(event.mimeData(), pasted=False)

    # Commands ------------------------------------------------------------------------------------

    def _copy_selected_as(self, fmt: str) -> None:
        self.controller.copy(self.view.selected_rows(), fmt)

    def open_selected(self) -> None:
        for row in self.view.selected_rows()[:10]:
            self.controller.open_url(row)

    def reveal_selected(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.controller.reveal(rows[0])

    def remove_selected(self) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        live = sum(r.is_live(self.controller.clock()) for r in rows)
        if live:
            answer = QMessageBox.question(
                self,
                self.tr("Remove from the list"),
                self.tr(
                    "Remove %n row(s) from the list and the history? The URLs keep working "
                    "until they expire, but you will not find them here again.",
                    "",
                    len(rows),
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.controller.remove(rows)

    def cancel_all(self) -> None:
        self.controller.cancel_all()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.controller, self)
        self.settings_dialog = dialog
        accepted = dialog.exec()
        dialog.key.clear()  # a typed key does not linger in a hidden widget
        dialog.deleteLater()
        self.settings_dialog = None
        if accepted:
            self.settings_applied.emit(self.controller.settings.get("language"))

    def open_log_folder(self) -> None:
        folder = self.controller.paths.logs
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        from app import __version__

        QMessageBox.about(
            self,
            self.tr("About %1").replace("%1", APP_NAME),
            self.tr("<b>%1</b> %2<br>Drop files, get public URLs that work for 7 days.")
            .replace("%1", APP_NAME)
            .replace("%2", __version__),
        )

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    # Reactions -----------------------------------------------------------------------------------

    def _on_key_submitted(self, key: str) -> None:
        try:
            sentence = self.controller.save_key(key)
        except SettingsError as exc:
            self.key_panel.show_feedback(str(exc), ok=False)
            return
        self.key_panel.field.clear()
        self.show_message(sentence)

    def _on_demo_changed(self, on: bool) -> None:
        self.demo_banner.setVisible(on)
        self.act_demo.setEnabled(not on)
        self._update_title()

    def _on_duplicates(self, found: list[tuple[Media, Row]]) -> None:
        self._duplicates.extend(found)  # a second drop before an answer adds to the offer
        duplicates = self._duplicates
        first_media, first_row = duplicates[0]
        left = ""
        if first_row.expires_at is not None:
            from app.ui.text import countdown

            left = countdown(first_row.expires_at - self.controller.clock())
        if len(duplicates) == 1:
            sentence = (
                self.tr(
                    "%1 was already uploaded and its URL works for %2 more. Copy that URL instead "
                    "of uploading it again?"
                )
                .replace("%1", first_media.name)
                .replace("%2", left)
            )
        else:
            sentence = self.tr(
                "%n of these files were already uploaded and their URLs still work. Copy those "
                "URLs instead of uploading them again?",
                "",
                len(duplicates),
            )
        self.duplicates_bar.show_text(sentence)

    def _on_use_existing(self) -> None:
        self.controller.use_existing(self._duplicates)
        self._duplicates = []
        self.duplicates_bar.hide()

    def _on_duplicates_dismissed(self) -> None:
        count, self._duplicates = len(self._duplicates), []
        self.show_message(
            self.tr("%n file(s) not uploaded again: their earlier URLs still work.", "", count)
        )

    def _on_upload_again(self) -> None:
        self.controller.upload_anyway(self._duplicates)
        self._duplicates = []
        self.duplicates_bar.hide()

    def _on_rows_changed(self, *_: object) -> None:
        total = self.controller.model.rowCount()
        self.stack.setCurrentWidget(self.view if total else self.empty)
        shown = self.proxy.rowCount()
        self.count_label.setText(
            self.tr("%n file(s)", "", total)
            if shown == total
            else self.tr("%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total))
        )

    def _schedule_totals(self) -> None:
        if not self._totals_timer.isActive():  # not restarted: a steady stream still repaints
            self._totals_timer.start()

    def _update_totals(self) -> None:
        sent, total, finished, count = self.controller.totals()
        running = self.controller.active_count() > 0
        self.overall.setVisible(running)
        if running and total:
            self.overall.setValue(round(sent / total * 1000))
        if count:
            self.overall_label.setText(
                self.tr("%1 of %2 done").replace("%1", str(finished)).replace("%2", str(count))
            )
        else:
            self.overall_label.clear()
        self._update_title()

    def _update_title(self) -> None:
        sent, total, finished, count = self.controller.totals()
        title = APP_NAME
        if self.controller.demo:
            title = self.tr("%1 (demo)").replace("%1", title)
        if self.controller.active_count() and total:
            title = f"{round(sent / total * 100)} % · {finished}/{count} · {title}"
        self.setWindowTitle(title)

    def _update_actions(self) -> None:
        rows = self.view.selected_rows()
        now = self.controller.clock()
        any_live = any(r.is_live(now) for r in rows)
        self.act_copy.setEnabled(any_live)
        for action in self.copy_as.values():
            action.setEnabled(any_live)
        self.act_open.setEnabled(any(r.url for r in rows))
        self.act_reveal.setEnabled(any(r.path for r in rows))
        self.act_retry.setEnabled(any(r.state.can_retry for r in rows))
        self.act_reupload.setEnabled(any(r.url and r.path for r in rows))
        self.act_cancel.setEnabled(any(r.state.active for r in rows))
        self.act_remove.setEnabled(bool(rows))
        model = self.controller.model
        self.act_cancel_all.setEnabled(bool(model.find(lambda r: r.state.active)))
        self.act_retry_failed.setEnabled(bool(model.find(lambda r: r.state.can_retry)))

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self._update_actions()
        menu = QMenu(self)
        menu.addAction(self.act_copy)
        menu.addMenu(self.menu_copy_as)
        menu.addSeparator()
        menu.addActions([self.act_open, self.act_reveal])
        menu.addSeparator()
        for action in (self.act_retry, self.act_reupload, self.act_cancel):
            if action.isEnabled():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_remove)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _on_batch_finished(self, done: int, failed: int) -> None:
        if failed:
            sentence = (
                self.tr("%1 uploaded, %2 failed.")
                .replace("%1", str(done))
                .replace("%2", str(failed))
            )
        else:
            sentence = self.tr("%n file(s) uploaded.", "", done)
        if done and self.controller.settings.get("auto_copy"):
            sentence += " " + self.tr("The URLs are on the clipboard.")
        self.show_message(sentence)
        if self.tray is not None and not self.isActiveWindow():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if failed
                else QSystemTrayIcon.MessageIcon.Information
            )
            self.tray.showMessage(APP_NAME, sentence, icon, 5000)
        self._update_actions()

    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.showNormal()
            self.raise_()
            self.activateWindow()

    # Window layout between runs -------------------------------------------------------------------

    def _layout_store(self) -> QSettings:
        # Beside settings.json, so --data-dir keeps a test or a portable copy self-contained.
        path = private_dir(self.controller.paths.config) / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        store = self._layout_store()
        geometry = store.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        header = store.value("columns")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.view.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        store = self._layout_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("columns", self.view.horizontalHeader().saveState())
        store.sync()
        tighten(Path(store.fileName()))  # window sizes are no secret, but the folder is private

    # Quitting ------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.accept()
            return
        running = self.controller.active_count()
        if running:
            answer = QMessageBox.question(
                self,
                self.tr("Uploads are running"),
                self.tr("%n upload(s) have not finished. Quit and cancel them?", "", running),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._quitting = True
        self.save_layout()
        if self.tray is not None:
            self.tray.hide()
        event.accept()
        self.quit_requested.emit()
