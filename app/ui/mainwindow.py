"""The main window: the bars above the list, the list itself, the status bar, and quitting.

What the buttons and menus do lives in actions.py, files coming in (drops, paste, the Add files
dialog) in dropzone.py, and the notices above the list in notices.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.private import private_dir, tighten
from app.core.settings import SettingsError
from app.ui import icons, theme
from app.ui.actions import Actions
from app.ui.controller import Controller
from app.ui.dropzone import DropZone
from app.ui.notices import NoticeArea
from app.ui.panels import Banner, KeyPanel
from app.ui.proxy import FilterProxy
from app.ui.rows import RowState
from app.ui.view import EmptyPage, UploadsView

log = logging.getLogger("apimodels.ui")

#: Half of a 1366-pixel laptop screen, with room to spare.
MINIMUM_SIZE = QSize(560, 400)
TOOLBAR_TEXT_WIDTH = 900


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
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1120, 640)
        self._quitting = False
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
        self.notices = NoticeArea(central)
        for widget in (self.demo_banner, self.key_panel, self.notices):
            layout.addWidget(widget)

        # Search first, then the filter: the order Tab follows, and the eye.
        filters = QHBoxLayout()
        self.search = QLineEdit(central)
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter = QComboBox(central)
        self.count_label = QLabel(central)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.filter)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.stack = QStackedWidget(central)
        self.empty = EmptyPage(self.stack)
        self.view = UploadsView(self.proxy, self.stack)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        layout.addWidget(self.stack, 1)
        # The whole reason of the selected row, for sentences longer than two lines of the cell.
        self.detail = QLabel(central)
        self.detail.setObjectName("rowDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        layout.addWidget(self.detail)
        self.setCentralWidget(central)

        self.drop = DropZone(self, central)
        self.duplicates_bar = self.drop.duplicates_bar
        self.use_existing, self.upload_again = self.drop.use_existing, self.drop.upload_again
        self.notices.pin(self.duplicates_bar)

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
        self.acts = Actions(self)
        # Engine news arrives many times a second: the bars and buttons follow at most 8 times.
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(120)
        self._totals_timer.timeout.connect(self._update_totals)
        self._totals_timer.timeout.connect(self.acts.update)
        self._totals_timer.timeout.connect(self._update_detail)
        # A key panel that closes under the pointer waits until the pointer leaves the list.
        self._collapse_timer = QTimer(self)
        self._collapse_timer.setInterval(250)
        self._collapse_timer.timeout.connect(self._collapse_key_panel)
        self._connect()
        self.acts.tab_order()
        self.retranslate()
        self._on_rows_changed()
        self.acts.update()

    def _connect(self) -> None:
        c = self.controller
        c.message.connect(self.show_message)
        c.notice.connect(self.notices.show_text)
        c.key_needed.connect(self.key_panel.ask)
        c.key_accepted.connect(self._on_key_accepted)
        c.totals_changed.connect(self._schedule_totals)
        c.batch_finished.connect(self._on_batch_finished)
        c.demo_changed.connect(self._on_demo_changed)
        self.key_panel.key_submitted.connect(self._on_key_submitted)
        self.key_panel.demo_requested.connect(c.start_demo)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_mode(self.filter.currentData() or FilterProxy.ALL)
        )
        self.search.textChanged.connect(self.proxy.set_search)
        self.proxy.rowsInserted.connect(self._on_rows_changed)
        self.proxy.rowsRemoved.connect(self._on_rows_changed)
        self.proxy.modelReset.connect(self._on_rows_changed)
        self.proxy.layoutChanged.connect(self._on_rows_changed)
        self.view.copy_requested.connect(lambda rows: c.copy(rows))
        self.view.reupload_requested.connect(lambda rows: c.reupload(rows))
        model = c.model
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(self._schedule_totals)  # buttons follow the rows, within 120 ms
        self.view.customContextMenuRequested.connect(self.acts.context_menu)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.empty.add.clicked.connect(self.choose_files)

    def retranslate(self) -> None:
        self._update_title()
        self.acts.retranslate()
        self.drop.retranslate()
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
        self.acts.recolour()
        self.search.actions()[0].setIcon(icons.icon("filter"))
        self.key_panel.demo.setIcon(icons.icon("demo"))
        self.key_panel.icon.setPixmap(icons.pixmap("key", 40, self.devicePixelRatioF()))
        self.empty.add.setIcon(icons.icon("add"))
        self.demo_banner.recolour()
        self.notices.recolour()
        self.controller.model.retranslate()  # repaint the rows' icons

    # Files in (dropzone.py) ----------------------------------------------------------------------

    def add_paths(self, paths: Sequence[str]) -> None:
        self.controller.spawn(self.controller.add_paths(list(paths)))

    def choose_files(self) -> None:
        self.drop.choose_files()

    def paste(self) -> None:
        self.drop.paste()

    def take(self, mime: QMimeData, *, pasted: bool) -> bool:
        return self.drop.take(mime, pasted=pasted)

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

    def _on_key_accepted(self) -> None:
        if self.key_panel.isVisible() and self._pointer_over_list():
            self.key_panel.show_saved(self.tr("Key saved. The uploads go on."))
            self._collapse_timer.start()
        else:
            self.key_panel.hide()

    def _pointer_over_list(self) -> bool:
        area = self.stack
        return area.rect().contains(area.mapFromGlobal(QCursor.pos()))

    def _collapse_key_panel(self) -> None:
        if not self._pointer_over_list() or not self.key_panel.isVisible():
            self._collapse_timer.stop()
            if self.controller.engine.paused is None:
                self.key_panel.hide()

    def _on_selection(self) -> None:
        self.acts.update()
        self._update_detail()

    def _update_detail(self) -> None:
        rows = self.view.selected_rows()
        row = rows[0] if len(rows) == 1 else None
        text = ""
        if row is not None and row.message:
            text = self.controller.model.status_text(row)
            if row.state is RowState.RETRYING:  # the status says when; this says why
                why = self.controller.model.reason(row)
                text = self.tr("%1: %2").replace("%1", text).replace("%2", why)
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow window keeps the toolbar's icons and names them in tooltips.
        narrow = self.width() < TOOLBAR_TEXT_WIDTH
        self.acts.toolbar.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonIconOnly
            if narrow
            else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )

    def _on_demo_changed(self, on: bool) -> None:
        self.demo_banner.setVisible(on)
        self.acts.demo.setEnabled(not on)
        self._update_title()

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
        tray = self.acts.tray
        if tray is not None and not self.isActiveWindow():
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if failed
                else QSystemTrayIcon.MessageIcon.Information
            )
            tray.showMessage(APP_NAME, sentence, icon, 5000)
        self.acts.update()

    # Window layout between runs -------------------------------------------------------------------

    def layout_store(self) -> QSettings:
        # Beside settings.json, so --data-dir keeps a test or a portable copy self-contained.
        path = private_dir(self.controller.paths.config) / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        store = self.layout_store()
        geometry = store.value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        header = store.value("columns")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.view.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        store = self.layout_store()
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
        if self.acts.tray is not None:
            self.acts.tray.hide()
        event.accept()
        self.quit_requested.emit()
