"""A row waiting to retry says why and which attempt comes, with its bar back at zero; a service
that cannot be reached is said at once, in a notice, while the rows go on retrying."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from app.ui.table.columns import Column
from app.ui.table.rows import RowState
from tests.helpers import big_png
from tests.ui.conftest import Loop


def test_a_retry_after_a_server_error_says_why_and_which_attempt(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(settings={"direct_small_files": False})
    local_server.faults.put_status(500, times=1)
    window.add_paths([str(big_png(tmp_path / "big.png", 300_000))])
    model = window.controller.model
    aloop.until(lambda: bool(model.rows) and model.rows[0].state is RowState.RETRYING)
    row = model.rows[0]
    shown = model.data(model.index(0, Column.STATUS))
    assert row.sent == 0 and row.fraction == 0  # the bar starts again
    assert "100 %" not in shown
    assert "attempt 2 of 5" in shown
    assert "500" in shown or "server" in shown.casefold()  # the reason, on the row itself
    aloop.until(lambda: row.state is RowState.DONE)


def test_no_connection_is_said_at_once_and_the_rows_keep_retrying(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    window = make_window()
    window.controller.client.base_url = closed
    window.add_paths([str(big_png(tmp_path / "offline.png", 1000))])
    model = window.controller.model
    aloop.until(lambda: bool(model.rows) and model.rows[0].state is RowState.RETRYING, 5)
    aloop.until(lambda: any("connect" in t for t in window.notices.texts()), 2)
    shown = model.data(model.index(0, Column.STATUS))
    assert "attempt 2 of 5" in shown and "connect" in shown.casefold()
    # The network is back: the next attempt goes through and the notice goes by itself.
    window.controller.client.base_url = local_server.base_url
    aloop.until(lambda: model.rows[0].state is RowState.DONE, 10)
    assert not any("Cannot connect" in t for t in window.notices.texts())
