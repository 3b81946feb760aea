"""A service that cannot be reached, said at once in a notice instead of only on each row.

With the network down every upload waits to retry, row by row, and the window looked busy while
nothing could go. The first connection failure of a batch says so above the list; the rows go on
retrying and say which attempt comes. Said once per batch, not once per file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from app.core.reasons import Reason
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

#: Reasons that mean the service was not reached at all (not a refusal, not a server error).
NO_CONNECTION = frozenset({"net_connect", "net_timeout"})


class Unreachable(QObject):
    reached = Signal(str)  # the sentence said earlier, no longer true: the window takes it back

    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.said = False
        self.sentence = ""

    def note(self, reason: Reason | str) -> bool:
        """A retry's reason: if it is a failure to connect, say so (once). Whether it was said."""
        if self.said or not isinstance(reason, Reason) or reason.code not in NO_CONNECTION:
            return False
        self.said = True
        host = urlsplit(str(self.c.client.base_url)).netloc or str(self.c.client.base_url)
        attempts = self.c.engine.options.retry.max_retries + 1
        self.sentence = (
            self.tr(
                "Cannot connect to %1: %2 Each upload tries again on its own, %3 times in all; "
                "after that, Retry failed (Ctrl+Shift+T) starts them again."
            )
            .replace("%1", host)
            .replace("%2", reasons.render(reason))
            .replace("%3", str(attempts))
        )
        self.c.notice.emit(self.sentence)
        return True

    def connected(self) -> None:
        """An upload went through: the service is reached again."""
        if self.sentence:
            self.reached.emit(self.sentence)
            self.sentence = ""

    def reset(self) -> None:
        self.said = False
