"""The table that shows the upload list, and the page shown while the list is empty."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDrag, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.desktop import icons, theme
from app.ui.desktop.contrast_style import focus_colour
from app.ui.table import delegates, row_button
from app.ui.table.columns import ROW_ROLE, Column, Index
from app.ui.table.follow import FollowNewRows
from app.ui.table.model import UploadsModel
from app.ui.table.proxy import FilterProxy
from app.ui.table.rows import Row

SHORT_PAGE = 300  # below this the empty page drops its picture
SHORTER_PAGE = 180  # and below this its hint

#: Countdowns show minutes at best, so a repaint every 20 s keeps them right to the minute.
COUNTDOWN_REFRESH_MS = 20_000


#: Below these widths of the list the less important columns make room (Expires folds into
#: Status); a window half a 1366-pixel screen wide keeps name, status and URL.
DROP_WIDTHS = ((Column.KIND, 900), (Column.SIZE, 760), (Column.EXPIRES, 680))


class UploadsView(QTableView):
    copy_requested = Signal(list)  # [Row]
    row_action = Signal(str, list)  # a row button's action (row_button.py), [Row]

    def __init__(self, proxy: FilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.setModel(proxy)
        # The header asks "is this whole column selected?" to draw each section, row by row: after
        # Select all on 10,000 rows, 60,000 calls into the model on the next paint (100 ms). It
        # highlights nothing here (setHighlightSections(False) below), so it gets a selection
        # model of its own that stays empty.
        self.horizontalHeader().setSelectionModel(QItemSelectionModel(proxy, self))
        self.setObjectName("uploads")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        # A long name keeps its end, where its number and extension are: "holiday…0042.png".
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # Tab leaves the list for the next control instead of walking cell by cell.
        self.setTabKeyNavigation(False)
        # A finished row drags out as its URL (into a browser, a chat box, a terminal).
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's order: newest first
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setIconSize(icons.size(40))
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(52)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(48)
        # The type column also says duration and dimensions ("Video · 1:23 · 1920×1080").
        widths = {Column.SIZE: 80, Column.KIND: 150, Column.STATUS: 230, Column.EXPIRES: 96}
        for column in Column:
            if column in (Column.NAME, Column.URL):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(column, widths[column])
        self.progress_delegate, self.url_delegate = delegates.install(self)
        self.url_delegate.clock = lambda: self.source.clock()
        self.url_delegate.button_clicked.connect(
            lambda action, index: self.row_action.emit(action, [index.data(ROW_ROLE)])
        )
        self.doubleClicked.connect(self._on_double_clicked)
        self.countdown_timer = QTimer(self)
        self.countdown_timer.setInterval(COUNTDOWN_REFRESH_MS)
        self.countdown_timer.timeout.connect(self.refresh_countdowns)
        self.countdown_timer.start()
        self.setAccessibleName(self.tr("Uploads"))
        self.follow = FollowNewRows(self, proxy, self.source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter does what the current row's button does (Copy on a finished row, as a double
        # click does), for the selected rows; never ×, which a stray key must not press.
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.key() in keys and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            row = self.currentIndex().data(ROW_ROLE)
            action = row_button.action(row, self.source.clock())
            if action == "renew":  # a link that still works: Enter copies it, as a double click
                action = "copy"
            if action in row_button.ON_ENTER:
                rows = self.selected_rows() or [row]
                self.row_action.emit(action, rows)
                if action == "copy" and isinstance(row, Row):
                    self.url_delegate.mark_copied(row)
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # The focus: a 2-pixel ring around the whole current row, in a colour that stands 3:1
        # off the list (the style draws no faint dotted line around one cell).
        index = self.currentIndex()
        if not self.hasFocus() or not index.isValid():
            return
        cell = self.visualRect(index)
        if not cell.isValid():
            return
        ring = QRect(0, cell.top(), self.viewport().width(), cell.height()).adjusted(1, 1, -1, -1)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(focus_colour(self.palette()), 2.0))
        painter.drawRoundedRect(ring, 3, 3)
        painter.end()

    def currentChanged(self, current: Index, previous: Index) -> None:
        super().currentChanged(current, previous)
        self.viewport().update()  # the ring spans the row; Qt repaints only the cells

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()  # the ring goes with the focus

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # Tabbing into the list lands on a row, so the focus can be seen and the keys act on it.
        if not self.currentIndex().isValid() and self.proxy.rowCount():
            self.selectRow(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Drop the less important columns as the list narrows; bring them back as it widens."""
        width = self.viewport().width()
        for column, below in DROP_WIDTHS:
            hide = width < below
            if self.isColumnHidden(column) != hide:
                self.setColumnHidden(column, hide)
        fold = self.isColumnHidden(Column.EXPIRES)
        if self.source.fold_expiry != fold:
            self.source.fold_expiry = fold
            self.source.retranslate()

    @property
    def source(self) -> UploadsModel:
        model = self.proxy.sourceModel()
        assert isinstance(model, UploadsModel)
        return model

    def drag_mime(self) -> QMimeData:
        """The live URLs of the selected rows: a browser opens them, a chat box pastes them."""
        now = self.source.clock()
        urls = [r.url for r in self.selected_rows() if r.url and r.is_live(now)]
        mime = QMimeData()
        mime.setUrls([QUrl(u) for u in urls])
        mime.setText("\n".join(urls))
        return mime

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        mime = self.drag_mime()
        if not mime.urls():
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)

    def selected_rows(self) -> list[Row]:
        # From the selection's ranges, not row by row: "Select all" on 10,000 rows is one range.
        positions = sorted(set(self.proxy.source_rows(self.selectionModel().selection())))
        rows = self.source.rows  # once: 100,000 property lookups were half of Select all
        return [rows[p] for p in positions]

    def shown_rows(self) -> list[Row]:
        """The rows the search and the filter let through, in the list's order."""
        proxy, source = self.proxy, self.source
        if proxy.rowCount() == source.rowCount():
            return list(source.rows)
        return [
            source.row_at(proxy.mapToSource(proxy.index(r, 0)).row())
            for r in range(proxy.rowCount())
        ]

    def whole_list_selected(self) -> bool:
        """Whether every row of the model is selected (Select all with no filter): one range."""
        selection = self.selectionModel().selection()
        shown = self.proxy.rowCount()
        return (
            shown > 0
            and self.proxy.shows_all()
            and any(
                selection.at(i).top() == 0 and selection.at(i).bottom() == shown - 1
                for i in range(selection.count())
            )
        )

    def single_selected_row(self) -> Row | None:
        """The one selected row, or None: read from the ranges, not from a list of every row."""
        selection = self.selectionModel().selection()
        tops = set()
        for i in range(selection.count()):
            span = selection.at(i)
            if span.bottom() != span.top():
                return None
            tops.add(span.top())
            if len(tops) > 1:
                return None
        if len(tops) != 1:
            return None
        position = self.proxy.mapToSource(self.proxy.index(tops.pop(), 0)).row()
        return self.source.rows[position] if position >= 0 else None

    def visible_source_rows(self) -> list[int]:
        top = self.rowAt(0)
        if top < 0:
            return []
        bottom = self.rowAt(self.viewport().height() - 1)
        bottom = self.proxy.rowCount() - 1 if bottom < 0 else bottom
        return [
            self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in range(top, bottom + 1)
        ]

    def refresh_countdowns(self) -> None:
        """One timer for every row: repaint only the rows on screen (state, countdown, colour)."""
        self.source.refresh_cells(self.visible_source_rows(), Column.NAME, Column.EXPIRES)
        if self.source.expiry_passed() and self.proxy.mode != FilterProxy.ALL:
            self.proxy.refilter()  # a row has just expired: it moves from Active to Expired

    def _on_double_clicked(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, Row):
            self.copy_requested.emit([row])


class EmptyPage(QWidget):
    """What a first-time user sees: where to drop, and the button for those who do not drag."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        # The page takes what is left under the panels and gives way first: its parts go as it
        # gets short (see resizeEvent), so it asks for no minimum height of its own.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        layout.addStretch(2)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.picture)
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setFixedWidth(560)  # word-wrapped labels need a width to compute their height
        layout.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignHCenter)
        self.add = QPushButton(self)
        self.add.setIcon(icons.icon("add"))
        self.add.setMinimumHeight(36)
        row = QVBoxLayout()
        row.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.add, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addLayout(row)
        layout.addStretch(3)
        self._dark = theme.is_dark()
        self.retranslate()

    def retranslate(self) -> None:
        self.picture.setPixmap(icons.pixmap("upload", 96, self.devicePixelRatioF(), "#9CA3AF"))
        self.title.setText(self.tr("Drop images, videos or audio here"))
        self.hint.setText(
            self.tr(
                "Each file gets a public URL that works for 7 days, ready to paste into "
                "image-to-image, video, dubbing or lipsync calls. Folders work too, and Ctrl+V "
                "pastes a screenshot."
            )
        )
        self.add.setText(self.tr("Add files…"))
        # An aligned, word-wrapped label is not given its height-for-width by the layout.
        self.hint.setMinimumHeight(self.hint.heightForWidth(self.hint.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A short window (a key panel and notices above) keeps the title and the button.
        self.picture.setVisible(self.height() >= SHORT_PAGE)
        self.hint.setVisible(self.height() >= SHORTER_PAGE)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange or (
            event.type() == QEvent.Type.PaletteChange and self._dark != theme.is_dark()
        ):
            self._dark = theme.is_dark()
            self.retranslate()
        super().changeEvent(event)
