"""Window tests: a qasync loop on the test's QApplication, a profile in a temporary folder, and the
local server as the API. Coroutines run to completion on the Qt loop (pytest-qt has no asyncio)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.core.settings import AppPaths, KeyStore, Settings

T = TypeVar("T")


class Loop:
    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))

    def until(self, predicate: Callable[[], object], timeout: float = 20.0) -> None:
        async def wait() -> None:
            while not predicate():
                await asyncio.sleep(0.02)

        self.run(wait(), timeout)

    def settle(self, seconds: float = 0.05) -> None:
        self.run(asyncio.sleep(seconds))


@pytest.fixture
def aloop(qapp: QApplication) -> Iterator[Loop]:
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield Loop(loop)
    finally:
        loop.run_until_complete(asyncio.sleep(0))
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def profile(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "profile")


@pytest.fixture
def make_window(
    qtbot: Any, aloop: Loop, profile: AppPaths, local_server: Any
) -> Iterator[Callable[..., Any]]:
    """A real window whose API is the local server (key ``test-key`` in the test keyring)."""
    from app.ui.controller import Controller
    from app.ui.mainwindow import MainWindow

    made: list[Any] = []

    def make(*, key: str | None = "test-key", settings: dict[str, object] | None = None,
             demo: bool = False, start: bool = True) -> Any:  # fmt: skip
        keys = KeyStore(env={})
        if key:
            keys.save(key)
        prefs = Settings(profile.settings, env={})
        prefs.set("base_url", local_server.base_url)
        for name, value in (settings or {}).items():
            prefs.set(name, value)
        controller = Controller(profile, prefs, keys, demo=demo)
        window = MainWindow(controller)
        qtbot.addWidget(window)
        made.append(controller)
        if start:
            controller.start()
            window.show()
        return window

    yield make
    # pytest-qt has closed the windows by now; what is left is to stop the uploads cleanly.
    for controller in made:
        aloop.run(controller.shutdown())
