"""The window's content: the bars above the list, the list, the status bar, the menus and the
toolbar, and their wiring to the controller.

The frame (mainwindow.py) is shown and painted first, with none of this imported: the controller,
the list's model and delegates and the actions are most of the app's start-up (docs/benchmarks.md,
"First paint"). app.ui.app builds the body into it (build_body), lets it paint, and then makes
the controller and wires the body to it (attach).
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

from app.ui.control.outage import OutageNotice
from app.ui.desktop import icons
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

if TYPE_CHECKING:
    from app.ui.control.controller import Controller
    from app.ui.table.model import UploadsModel
    from app.ui.window.mainwindow import MainWindow


def build_body(w: MainWindow, model: UploadsModel) -> None:
    """The widgets, over ``model``: all a person sees, painted before the controller is made
    (app.ui.app); attach() wires them to it."""
    w.model = model
    w.proxy = FilterProxy(model, w)
    central = QWidget(w)
    layout = QVBoxLayout(central)
    layout.setContentsMargins(10, 8, 10, 4)
    layout.setSpacing(6)
    w.demo_banner = Banner("demo", central, closable=False, rich=True)
    w.leave_demo = w.demo_banner.add_button("")  # to a real key, without a restart
    # Shown from the start in demo mode, as the title says it: not pushed in a moment later.
    w.demo_banner.setVisible(w.demo_at_start)
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
    # A label the filter is named by: on Linux a screen reader reads a combo box's name from
    # its label, and without one it said the value ("All").
    w.filter_label = QLabel(central)
    w.filter_label.setBuddy(w.filter)
    w.count_label = QLabel(central)
    w.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    filters.addWidget(w.search, 1)
    filters.addWidget(w.filter_label)
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
    w.clipboard_offer = ClipboardOffer(w)  # images copied anywhere (a setting)

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
    w.batch_notice = BatchNotice(w)
    w.search_bar = SearchBar(w)
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


def attach(w: MainWindow, controller: Controller) -> None:
    """The body wired to ``controller``: drops, buttons, the controller's news."""
    w.controller = controller
    w.leave_demo.clicked.connect(controller.leave_demo)
    w.demo_banner.setVisible(controller.demo)
    w.setAcceptDrops(True)  # not the frame: a drop needs the drop zone and the controller
    w.drop.attach(controller)
    w.undo_notice = UndoNotice(w)
    w.renew_ui = RenewUi(w)  # these talk to the controller from the start
    w.export_ui = ExportUi(w)
    _connect(w)


def _connect(w: MainWindow) -> None:
    c = w.controller
    c.message.connect(w.show_message)
    c.notice.connect(w.notices.show_text)
    OutageNotice(c.news.bridge, w.notices)
    c.news.unreachable.reached.connect(w.notices.take_back)
    c.renewer.earlier_known.connect(w._update_detail)
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
    # The proxy removes its rows before the model has (the count said "0 of 1011 shown" after
    # 1,000 rows went): the model's own signals count again once they are gone.
    c.model.rowsRemoved.connect(w._on_rows_changed)
    c.model.rowsInserted.connect(w._on_rows_changed)
    w.view.copy_requested.connect(lambda rows: c.copy(rows))
    row_actions = {  # the row buttons (row_button.py): one entry per action
        "cancel": c.cancel,
        "retry": c.retry,
        "copy": c.copy,
        "reupload": c.reupload,
        "renew": c.renew,
        "fit": c.media_prep.fit_rows,
    }
    w.view.row_action.connect(lambda action, rows: row_actions[action](rows))
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
