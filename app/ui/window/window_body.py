"""The window's content: the bars above the list, the list, the status bar, the menus and the
toolbar, and their wiring to the controller.

The frame (mainwindow.py) is shown and painted first, with none of this imported: the controller,
the list's model and delegates and the actions are most of the app's start-up (docs/benchmarks.md,
"First paint"). app.ui.app builds this into it on the next turn of the loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.desktop import icons
from app.ui.table.proxy import FilterProxy
from app.ui.table.view import EmptyPage, UploadsView
from app.ui.window.actions import Actions
from app.ui.window.dropzone import DropZone
from app.ui.window.notices import NoticeArea
from app.ui.window.panels import Banner, KeyPanel

if TYPE_CHECKING:
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow


def build(w: MainWindow, controller: Controller) -> None:
    w.controller = controller
    w.setAcceptDrops(True)  # not the frame: a drop needs the drop zone and the controller
    w.proxy = FilterProxy(controller.model, w)
    central = QWidget(w)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(10, 8, 10, 4)
    layout.setSpacing(6)
    w.demo_banner = Banner("demo", central, closable=False, rich=True)
    # Shown from the start in demo mode, as the title says it: not pushed in a moment later.
    w.demo_banner.setVisible(controller.demo)
    w.key_panel = KeyPanel(central)
    w.key_panel.hide()
    w.notices = NoticeArea(central)
    for widget in (w.demo_banner, w.key_panel, w.notices):
        layout.addWidget(widget)

    # Search first, then the filter: the order Tab follows, and the eye.
    filters = QHBoxLayout()
    w.search = QLineEdit(central)
    w.search.setClearButtonEnabled(True)
    w.search.addAction(icons.icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
    w.filter = QComboBox(central)
    w.count_label = QLabel(central)
    filters.addWidget(w.search, 1)
    filters.addWidget(w.filter)
    filters.addWidget(w.count_label)
    layout.addLayout(filters)

    w.stack = QStackedWidget(central)
    w.empty = EmptyPage(w.stack)
    w.view = UploadsView(w.proxy, w.stack)
    w.stack.addWidget(w.empty)
    w.stack.addWidget(w.view)
    layout.addWidget(w.stack, 1)
    # The whole reason of the selected row, for sentences longer than two lines of the cell.
    w.detail = QLabel(central)
    w.detail.setObjectName("rowDetail")
    w.detail.setWordWrap(True)
    w.detail.setTextFormat(Qt.TextFormat.PlainText)
    w.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.detail.hide()
    layout.addWidget(w.detail)
    w.setCentralWidget(central)
    central.show()  # into a frame already on screen, Qt would show it only on the next turn

    w.drop = DropZone(w, central)
    w.duplicates_bar = w.drop.duplicates_bar
    w.use_existing, w.upload_again = w.drop.use_existing, w.drop.upload_again
    w.notices.pin(w.duplicates_bar)

    w.status_text = QLabel(w)
    w.overall = QProgressBar(w)
    w.overall.setMaximumWidth(220)
    w.overall.setRange(0, 1000)
    w.overall.setTextVisible(False)
    w.overall.hide()
    w.overall_label = QLabel(w)
    w.statusBar().addPermanentWidget(w.overall_label)
    w.statusBar().addPermanentWidget(w.overall)

    _restore_columns(w)
    w.acts = Actions(w)
    # Engine news arrives many times a second: the bars and buttons follow at most 8 times.
    w._totals_timer = QTimer(w)
    w._totals_timer.setSingleShot(True)
    w._totals_timer.setInterval(120)
    w._totals_timer.timeout.connect(w._update_totals)
    w._totals_timer.timeout.connect(w.acts.update)
    w._totals_timer.timeout.connect(w._update_detail)
    # A key panel that closes under the pointer waits until the pointer leaves the list.
    w._collapse_timer = QTimer(w)
    w._collapse_timer.setInterval(250)
    w._collapse_timer.timeout.connect(w._collapse_key_panel)
    _connect(w)


def _connect(w: MainWindow) -> None:
    c = w.controller
    c.message.connect(w.show_message)
    c.notice.connect(w.notices.show_text)
    c.key_needed.connect(w.key_panel.ask)
    c.key_accepted.connect(w._on_key_accepted)
    c.totals_changed.connect(w._schedule_totals)
    c.batch_finished.connect(w._on_batch_finished)
    c.demo_changed.connect(w._on_demo_changed)
    w.key_panel.key_submitted.connect(w._on_key_submitted)
    w.key_panel.demo_requested.connect(c.start_demo)
    w.filter.currentIndexChanged.connect(
        lambda _i: w.proxy.set_mode(w.filter.currentData() or FilterProxy.ALL)
    )
    w.search.textChanged.connect(w.proxy.set_search)
    w.proxy.rowsInserted.connect(w._on_rows_changed)
    w.proxy.rowsRemoved.connect(w._on_rows_changed)
    w.proxy.modelReset.connect(w._on_rows_changed)
    w.proxy.layoutChanged.connect(w._on_rows_changed)
    w.view.copy_requested.connect(lambda rows: c.copy(rows))
    w.view.reupload_requested.connect(lambda rows: c.reupload(rows))
    w.view.fit_requested.connect(lambda rows: c.media_prep.fit_rows(rows))
    model = c.model
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
        signal.connect(w._schedule_totals)  # buttons follow the rows, within 120 ms
    w.view.customContextMenuRequested.connect(w.acts.context_menu)
    w.view.selectionModel().selectionChanged.connect(lambda *_: w._on_selection())
    w.empty.add.clicked.connect(w.choose_files)


def _restore_columns(w: MainWindow) -> None:
    columns = w.layout_store().value("columns")
    if isinstance(columns, QByteArray) and not columns.isEmpty():
        w.view.horizontalHeader().restoreState(columns)
