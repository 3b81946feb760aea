"""A service that cannot be reached, said at once in a notice instead of only on each row.

With the network down every upload waits to retry, row by row, and the window looked busy while
nothing could go. The first connection failure of a batch says so above the list; the rows go on
retrying and say which attempt comes. Said once per batch, not once per file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QObject

from app.core.reasons import Reason
from app.ui.words import reasons

if TYPE_CHECKING:
    from app.ui.control.controller import Controller

#: Reasons that mean the service was not reached at all (not a refusal, not a server error).
NO_CONNECTION = frozenset({"net_connect", "net_timeout"})


class Unreachable(QObject):
    def __init__(self, controller: Controller) -> None:
        super().__init__(controller)
        self.c = controller
        self.said = False

    def note(self, reason: Reason | str) -> bool:
        """A retry's reason: if it is a failure to connect, say so (once). Whether it was said."""
        if self.said or not isinstance(reason, Reason) or reason.code not in NO_CONNECTION:
            return False
        self.said = True
        host = urlsplit(str(self.c.client.base_url)).netloc or str(self.c.client.base_url)
        self.c.notice.emit(
            self.tr(
                "Cannot connect to %1: %2 The uploads wait and retry on their own; they go on "
                "as soon as the service can be reached."
            )
            .replace("%1", host)
            .replace("%2", reasons.render(reason))
        )
        return True

    def reset(self) -> None:
        self.said = False
