"""The main window: its frame first, then the bars above the list, the list, the status bar.

The frame is what a person sees at once: the title, the size and place it had last time, the
theme's background. It imports nothing of the controller or the list, so it can be painted before
they are (app.ui.app); window_body.py builds them into it on the next turn of the loop. What the
buttons and menus do lives in actions.py, files coming in (drops, paste, the Add files dialog) in
dropzone.py, and the notices above the list in notices.py.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QMimeData, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from app import APP_NAME
from app.core.private import private_dir, tighten
from app.core.settings import AppPaths, SettingsError
from app.ui.desktop import icons, theme

if TYPE_CHECKING:
    from PySide6.QtWidgets import (
        QComboBox,
        QLabel,
        QLineEdit,
        QProgressBar,
        QPushButton,
        QStackedWidget,
    )

    from app.ui.control.controller import Controller
    from app.ui.table.model import UploadsModel
    from app.ui.table.proxy import FilterProxy
    from app.ui.table.view import EmptyPage, UploadsView
    from app.ui.window.actions import Actions
    from app.ui.window.batch_notice import BatchNotice
    from app.ui.window.clipboard_offer import ClipboardOffer
    from app.ui.window.dropzone import DropZone
    from app.ui.window.export_ui import ExportUi
    from app.ui.window.notices import NoticeArea
    from app.ui.window.panels import Banner, KeyPanel
    from app.ui.window.renew_ui import RenewUi
    from app.ui.window.search_bar import SearchBar
    from app.ui.window.undo_notice import UndoNotice

log = logging.getLogger("apimodels.ui")

#: Half of a 1366-pixel laptop screen, with room to spare.
MINIMUM_SIZE = QSize(560, 400)
TOOLBAR_TEXT_WIDTH = 900


class MainWindow(QMainWindow):
    frame_painted = Signal()  # the frame is on screen: its body may be built
    first_painted = Signal()  # the person sees the whole window: slower work may start
    quit_requested = Signal()
    settings_applied = Signal(str)  # the language setting, so the app can switch

    # Built by window_body.build_body once the frame has been painted; the controller after the
    # whole window has been (window_body.attach).
    controller: Controller
    model: UploadsModel
    proxy: FilterProxy
    demo_banner: Banner
    leave_demo: QPushButton
    key_panel: KeyPanel
    notices: NoticeArea
    search: QLineEdit
    filter: QComboBox
    filter_label: QLabel
    count_label: QLabel
    stack: QStackedWidget
    empty: EmptyPage
    view: UploadsView
    detail: QLabel
    drop: DropZone
    duplicates_bar: Banner
    clipboard_offer: ClipboardOffer
    use_existing: QPushButton
    upload_again: QPushButton
    status_text: QLabel
    overall: QProgressBar
    overall_label: QLabel
    acts: Actions
    batch_notice: BatchNotice
    undo_notice: UndoNotice
    search_bar: SearchBar
    renew_ui: RenewUi
    export_ui: ExportUi
    _totals_timer: QTimer
    _collapse_timer: QTimer

    def __init__(
        self,
        controller: Controller | None = None,
        *,
        paths: AppPaths | None = None,
        demo: bool = False,
    ) -> None:
        """The whole window for a controller; with only ``paths``, the frame, to build() later."""
        super().__init__()
        given = controller.paths if controller is not None else paths
        assert given is not None, "a frame needs the paths its layout is kept in"
        self._paths = given
        self._demo = controller.demo if controller is not None else demo
        self._built = False  # the body, wired to a controller
        self._body = False  # the body's widgets, painted before the controller is made
        self._close_when_built = False
        self.setObjectName("mainWindow")
        self.setWindowIcon(icons.app_icon())
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1120, 640)
        self._quitting = False
        self.layout_problem: OSError | None = None  # why the layout cannot be kept, if it cannot
        self.ask_before_quit = True  # False for Ctrl+C and SIGTERM: nobody is there to answer
        self._dark = theme.is_dark()
        self._frame_painted = self._painted = False
        self._update_title()
        # Made with the frame: added to a window already on screen, the status bar's first paint
        # showed its size grip where it was made, at the left, before the layout moved it.
        self.statusBar()
        # Before the first show: a window restored after it was shown would jump.
        geometry = self.layout_store().value("geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if controller is not None:
            self.build(controller)

    @property
    def built(self) -> bool:
        return self._built

    @property
    def quitting(self) -> bool:
        """Quit was chosen (the window may be hidden already, and close() then does nothing)."""
        return self._quitting

    @property
    def body_built(self) -> bool:
        return self._body

    @property
    def demo_at_start(self) -> bool:
        return self._demo

    @property
    def whole_painted(self) -> bool:
        return self._painted

    def build(self, controller: Controller) -> None:
        """The bars, the list, the menus and the status bar, wired to ``controller``."""
        if not self._body:
            self.build_body(controller.model)
        self.attach(controller)

    def build_body(self, model: UploadsModel) -> None:
        """The bars, the list, the menus and the status bar over ``model``, before the
        controller: the whole window can be painted while the controller's modules load."""
        from app.ui.window import window_body  # the bulk of the app: imported after the first paint

        assert not self._body, "the window is built once"
        window_body.build_body(self, model)
        self._body = True
        self.retranslate()
        self._on_rows_changed()
        self.acts.update()
        self._fit_toolbar()

    def attach(self, controller: Controller) -> None:
        """The body wired to ``controller``."""
        from app.ui.window import window_body

        assert self._body and not self._built, "the window is built once"
        window_body.attach(self, controller)
        self._built = True
        # After the first paint: finding the toolbar's buttons was 9 ms of it.
        self.acts.tab_order()
        self._update_totals()
        self.acts.update()
        if self._close_when_built:  # on the next turn: whoever built it hears quit_requested
            QTimer.singleShot(0, self.close)

    def retranslate(self) -> None:
        self._update_title()
        if not self._body:
            return
        from app.ui.table.proxy import FilterProxy  # loaded with the body already
        from app.ui.window import spoken

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
        spoken.name_controls(self)  # the filter, the status bar, the toolbar's words
        self.search_bar.retranslate()
        self.batch_notice.retranslate()  # the batch's result stays: in the new language too
        if self.built:  # made with the controller, after the first paint
            self.undo_notice.retranslate()
        self.filter.setToolTip(
            self.tr("Active: everything whose URL has not expired. Expired: past its 7 days.")
        )
        self.search.setPlaceholderText(self.tr("Search names and URLs (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search"))
        self.demo_banner.label.setText(
            self.tr("<b>Demo mode:</b> files stay on this computer. The URLs work only here.")
        )
        self.leave_demo.setText(self.tr("Use my API &key"))
        self.model.retranslate()
        self._on_rows_changed()
        self._update_totals()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # Emitted once this paint is on screen, not inside it.
        if not self._frame_painted:
            self._frame_painted = True
            QTimer.singleShot(0, self.frame_painted.emit)
        if self._body and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange and self._dark != theme.is_dark():
            self._dark = theme.is_dark()
            if self._body:  # the frame has no icons of its own; the body draws them new
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
        self.model.retranslate()  # repaint the rows' icons

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
        # Asked of the service now, not at the first upload: a refused key is said at once.
        self.controller.spawn(self.controller.account.check_saved_key(key))

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
            self.batch_notice.release()

    def _on_selection(self) -> None:
        self.acts.update()
        self._update_detail()

    def _update_detail(self) -> None:
        row = self.view.single_selected_row()
        text = ""
        if row is not None and row.message:
            text = self.controller.model.status_text(row)
            from app.ui.table.rows import RowState  # loaded with the body already

            if row.state is RowState.RETRYING:  # the status says when; this says why
                why = self.controller.model.reason(row)
                text = self.tr("%1: %2").replace("%1", text).replace("%2", why)
        if row is not None and self.built:  # the links it had before a renewal, while they work
            text = "\n".join(filter(None, [text, self.renew_ui.earlier_text(row)]))
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._body:
            self._fit_toolbar()

    def _fit_toolbar(self) -> None:
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
        total = self.model.rowCount()
        self.stack.setCurrentWidget(self.view if total else self.empty)
        shown = self.proxy.rowCount()
        self.count_label.setText(
            self.tr("%n file(s)", "", total)
            if shown == total
            else self.tr("%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total))
        )
        self.search_bar.rows_changed(total, shown)

    def _schedule_totals(self) -> None:
        if not self._totals_timer.isActive():  # not restarted: a steady stream still repaints
            self._totals_timer.start()

    def _update_totals(self) -> None:
        if not self._built:  # the body before its controller: nothing runs yet
            self._update_title()
            return
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
        title = APP_NAME
        if self.controller.demo if self._built else self._demo:
            title = self.tr("%1 (demo)").replace("%1", title)
        if not self._built:
            self.setWindowTitle(title)
            return
        sent, total, finished, count = self.controller.totals()
        if self.controller.active_count() and total:
            title = f"{round(sent / total * 100)} % · {finished}/{count} · {title}"
        self.setWindowTitle(title)

    def _on_batch_finished(self, done: int, failed: int) -> None:
        from app.ui.control.batch_copy import BatchResult

        result = self.controller.batch_copy.last or BatchResult(done, failed)
        sentence = self.batch_notice.show(result)  # stays until dismissed (batch_notice.py)
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
        path = self._paths.config / "window.ini"
        try:
            private_dir(self._paths.config)
        except OSError as exc:
            # A read-only home, a full disk, a --data-dir that is a file or has vanished: the
            # window opens all the same, with its default layout, and says it keeps none.
            if self.layout_problem is None:
                log.warning("the window's layout cannot be kept in %s: %s", path.parent, exc)
                self.layout_problem = exc
        return QSettings(str(path), QSettings.Format.IniFormat)

    def save_layout(self) -> None:
        """Keep the size, place and columns for next time; never raises (quitting goes on)."""
        try:
            store = self.layout_store()
            store.setValue("geometry", self.saveGeometry())
            if self._built:
                store.setValue("columns", self.view.horizontalHeader().saveState())
            store.sync()
            if store.status() != QSettings.Status.NoError:
                log.warning("the window's layout could not be saved in %s", store.fileName())
            tighten(Path(store.fileName()))  # window sizes are no secret, but the folder is private
        except Exception:  # the data folder's disk unplugged, say: the window must still quit
            log.exception("the window's layout could not be saved")

    # Quitting ------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.accept()
            return
        if not self._built:  # closed in the first tenth of a second: quit the proper way, built
            self._close_when_built = True
            event.ignore()
            return
        running = self.controller.active_count()
        if running and self.ask_before_quit:
            from app.ui.window.asks import confirm

            if not confirm(
                self,
                self.tr("Uploads are running"),
                self.tr("%n upload(s) have not finished. Quit and cancel them?", "", running),
                self.tr("&Quit and cancel them"),
                self.tr("&Keep uploading"),
            ):
                event.ignore()
                return
        self._quitting = True
        try:
            self.save_layout()
            if self.acts.tray is not None:
                self.acts.tray.hide()
        finally:  # whatever failed above, the process must end: a hidden window kept it alive
            event.accept()
            self.quit_requested.emit()
