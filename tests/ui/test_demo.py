"""Demo mode: its URLs outlive a restart (the same port, or the rows pointed at the new one),
and a demo window can go on with a real key without a restart."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.ui.table.rows import RowState
from tests.helpers import make_png
from tests.ui.conftest import Loop


def _upload_one(window: Any, aloop: Loop, path: Path) -> str:
    window.add_paths([str(path)])
    aloop.until(lambda: any(r.url and r.name == path.name for r in window.controller.model.rows))
    return next(r.url for r in window.controller.model.rows if r.name == path.name)


def _close(make_window: Any, aloop: Loop) -> None:
    controller = make_window.controllers.pop()
    aloop.run(controller.shutdown())


def test_demo_urls_work_after_a_restart_even_when_the_port_is_taken(
    make_window: Any, aloop: Loop, tmp_path: Path
) -> None:
    path = tmp_path / "demo.png"
    path.write_bytes(make_png(9, 9, seed=600))
    window = make_window(demo=True, key=None)
    url = _upload_one(window, aloop, path)
    port = urlsplit(url).port
    _close(make_window, aloop)

    window = make_window(demo=True, key=None)  # a restart: the same port, the same URL works
    aloop.until(lambda: any(r.url == url for r in window.controller.model.rows))
    assert window.controller.server.port == port
    assert httpx.get(url).content == path.read_bytes()
    _close(make_window, aloop)

    with socket.socket() as squatter:  # another program took the port meanwhile
        squatter.bind(("127.0.0.1", port))
        squatter.listen(1)
        window = make_window(demo=True, key=None)
        new_port = window.controller.server.port
        assert new_port != port
        aloop.until(lambda: bool(window.controller.model.rows))
        (row,) = window.controller.model.rows
        assert urlsplit(row.url).port == new_port  # pointed at the service's port now
        assert httpx.get(row.url).content == path.read_bytes()
        assert any(f"Port {port}" in t for t in window.notices.texts())


def test_a_demo_window_goes_on_with_a_real_key_without_a_restart(
    make_window: Any, aloop: Loop, tmp_path: Path, local_server: Any
) -> None:
    window = make_window(demo=True, key=None)
    demo_file = tmp_path / "in demo.png"
    demo_file.write_bytes(make_png(9, 9, seed=601))
    _upload_one(window, aloop, demo_file)
    assert window.demo_banner.isVisible() and "(demo)" in window.windowTitle()
    window.leave_demo.click()
    assert not window.controller.demo
    assert not window.demo_banner.isVisible() and "(demo)" not in window.windowTitle()
    assert window.controller.model.rowCount() == 0  # the real history, not the demo's
    aloop.until(window.key_panel.isVisible)
    window.key_panel.field.setText("test-key")
    window.key_panel.save.click()
    real = tmp_path / "real.png"
    real.write_bytes(make_png(9, 9, seed=602))
    url = _upload_one(window, aloop, real)
    assert url.startswith(local_server.base_url)
    assert window.controller.model.rows[0].state is RowState.DONE
