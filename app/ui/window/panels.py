"""The bars above the list: demo banner, the key panel, and dismissable notices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.escape import escape_controls
from app.core.settings import KeyStore
from app.ui.desktop import icons, tones

ACCOUNT_PAGE = "https://apimodels.app"


def fit_wrapped(*labels: QLabel) -> None:
    """A word-wrapped label keeps the height its lines need at its width: in a short window the
    list gives way, not the sentence (layouts do not treat height-for-width as a minimum).

    Measured once the layout has given the labels their new widths, on the next turn of the loop.
    """

    def fit() -> None:
        for label in labels:
            if label.width() > 0:
                needed = label.heightForWidth(label.width()) if label.text() else 0
                label.setMinimumHeight(max(0, needed))

    if labels:  # the labels as context: a panel closed meanwhile is not measured
        QTimer.singleShot(0, labels[0], fit)


class Banner(QFrame):
    """A coloured strip with a sentence, optional buttons and a close button."""

    closed = Signal()

    def __init__(
        self,
        tone: str = "info",
        parent: QWidget | None = None,
        closable: bool = True,
        rich: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName(f"banner_{tone}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        colours = {
            "info": ("#DBEAFE", "#1E3A8A", "#1E3A5F", "#DBEAFE"),
            "warn": ("#FEF3C7", "#78350F", "#4A3410", "#FDE68A"),
            "demo": ("#EDE9FE", "#4C1D95", "#3B2A63", "#EDE9FE"),
        }[tone]
        self._colours = colours
        self._dark: bool | None = None
        self._apply_colours()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        # File names and server messages land here: shown as text, never as HTML with links.
        self.label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        self.close_button: QPushButton | None = None
        if closable:
            self.close_button = QPushButton("✕", self)
            self.close_button.setFlat(True)
            self.close_button.setFixedWidth(28)
            self.close_button.clicked.connect(self._on_close)
            layout.addWidget(self.close_button)
        self.retranslate()

    def _apply_colours(self) -> None:
        light_bg, light_fg, dark_bg, dark_fg = self._colours
        # The application palette: our own style sheet changes the widget's palette, and
        # reacting to that would loop.
        from PySide6.QtGui import QGuiApplication

        dark = QGuiApplication.palette().window().color().lightness() < 128
        if dark == self._dark:
            return
        self._dark = dark
        bg, fg = (dark_bg, dark_fg) if dark else (light_bg, light_fg)
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {bg}; border: none; border-radius: 6px; }}"
            f" QFrame#{self.objectName()} QLabel {{ color: {fg}; }}"
        )

    def recolour(self) -> None:
        self._apply_colours()

    def add_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        self.buttons.addWidget(button)
        return button

    def show_text(self, text: str) -> None:
        # Sentences here quote server messages and file names: no control or bidi character.
        self.label.setText(escape_controls(text))
        self.show()
        fit_wrapped(self.label)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_wrapped(self.label)

    def _on_close(self) -> None:
        self.hide()
        self.closed.emit()

    def retranslate(self) -> None:
        if self.close_button is not None:
            self.close_button.setToolTip(self.tr("Dismiss"))
            self.close_button.setAccessibleName(self.tr("Dismiss"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._apply_colours()
        super().changeEvent(event)


class KeyPanel(QFrame):
    """First start without a key, or a key the service refused: how to get one and paste it."""

    key_submitted = Signal(str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 14, 16, 14)
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.pixmap("key", 40, self.devicePixelRatioF()))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.addWidget(self.icon)
        column = QVBoxLayout()
        outer.addLayout(column, 1)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.reason = QLabel(self)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)  # the server's words, not HTML
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(tones.css("error"))
        self.reason.hide()
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.help.setOpenExternalLinks(True)
        self.help.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        row = QHBoxLayout()
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self._on_save)
        self.save = QPushButton(self)
        self.save.setDefault(True)
        self.save.clicked.connect(self._on_save)
        self.demo = QPushButton(self)
        self.demo.setIcon(icons.icon("demo"))
        self.demo.clicked.connect(self.demo_requested)
        row.addWidget(self.field, 1)
        row.addWidget(self.save)
        row.addWidget(self.demo)
        self.feedback = QLabel(self)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        self._secure: bool | None = None  # not known until the panel is first shown (ask)
        for widget in (self.title, self.reason, self.help):
            column.addWidget(widget)
        column.addLayout(row)
        column.addWidget(self.feedback)

    def ask(self, reason: str) -> None:
        if self._secure is None:
            # Asking the keyring imports its backends (up to 100 ms), and the help's rich text
            # costs tens of ms more: only once the panel is shown, never before the first paint.
            self._secure = KeyStore.secure_storage_available()
        self.retranslate()  # the title again, after a "Key saved"
        self.reason.setText(escape_controls(reason))  # the server's words, quoted
        self.reason.setStyleSheet(tones.css("error"))  # in the theme of the moment
        self.reason.setVisible(bool(reason))
        self.feedback.clear()
        self.feedback.hide()
        self.show()
        fit_wrapped(self.help, self.reason, self.feedback)
        self.field.setFocus()

    def show_saved(self, text: str) -> None:
        """Said in the title's place, so that nothing below moves while the panel stays."""
        self.title.setText(text)
        self.feedback.hide()

    def show_feedback(self, text: str, ok: bool) -> None:
        self.feedback.setText(text)
        self.feedback.setStyleSheet("" if ok else tones.css("error"))
        self.feedback.setVisible(bool(text))
        fit_wrapped(self.feedback)

    def _on_save(self) -> None:
        key = self.field.text().strip()
        if key:
            self.key_submitted.emit(key)
        else:
            self.show_feedback(self.tr("Paste your key into the field first."), ok=False)

    def retranslate(self) -> None:
        if self._secure is None:
            return  # never shown yet: ask() fills the texts in
        self.title.setText(self.tr("Connect your APIModels account"))
        if self._secure:
            where = self.tr("It is kept in your system's keyring, never in a file.")
        else:
            where = self.tr(
                "This computer has no secure key storage, so the key is kept only until the app "
                "closes, never in a file."
            )
        self.help.setText(
            self.tr(
                'Uploads need your API key. Sign in at <a href="%1">apimodels.app</a>, open '
                "the API keys page of your dashboard, copy a key and paste it below."
            ).replace("%1", ACCOUNT_PAGE)
            + " "
            + where
        )
        self.field.setPlaceholderText(self.tr("Paste your API key"))
        self.field.setAccessibleName(self.tr("API key"))
        # Nothing is saved where there is no keyring: the button says what it does there.
        self.save.setText(self.tr("Save key") if self._secure else self.tr("Use this key"))
        self.demo.setText(self.tr("Try demo mode instead"))
        self.demo.setToolTip(
            self.tr("Runs a local copy of the service: nothing leaves this computer.")
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_wrapped(self.help, self.reason, self.feedback)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            fit_wrapped(self.help, self.reason, self.feedback)
        super().changeEvent(event)
