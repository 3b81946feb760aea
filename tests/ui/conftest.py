"""Window tests: a qasync loop on the test's QApplication, a profile in a temporary folder, and the
local server as the API. Coroutines run to completion on the Qt loop (pytest-qt has no asyncio)."""

from __future__ import annotations

import asyncio
import gc
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
        # Not qasync's run_until_complete: after stopping it processes Qt events once more with
        # no running loop set, and a task stepped there (httpx's connect) fails.
        future = asyncio.ensure_future(asyncio.wait_for(coro, timeout), loop=self.loop)
        future.add_done_callback(lambda _f: self.loop.stop())
        self.loop.run_forever()
        return future.result()

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


@pytest.fixture(scope="session", autouse=True)
def _english(qapp: QApplication) -> None:
    """The translations built from the .ts files, and English with its plural forms loaded."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import translations

    translations.build(quiet=True)
    from app.ui.words import i18n

    assert i18n.apply("en") == "en"


@pytest.fixture(autouse=True)
def _collect_qt_objects_here() -> Iterator[None]:
    """Free the test's windows on the GUI thread: left to a garbage collection that happens to
    run in a worker thread (file checks run in executors), Qt warns about timers."""
    yield
    gc.collect()


@pytest.fixture
def profile(tmp_path: Path) -> AppPaths:
    return AppPaths.resolve(tmp_path / "profile")


@pytest.fixture
def make_window(
    qtbot: Any, aloop: Loop, profile: AppPaths, local_server: Any
) -> Iterator[Callable[..., Any]]:
    """A real window whose API is the local server (key ``test-key`` in the test keyring)."""
    from app.ui.control.controller import Controller
    from app.ui.window.mainwindow import MainWindow

    made: list[Controller] = []

    def make(
        *,
        key: str | None = "test-key",
        settings: dict[str, object] | None = None,
        demo: bool = False,
        start: bool = True,
        env: dict[str, str] | None = None,
        settings_env: dict[str, str] | None = None,
    ) -> Any:
        keys = KeyStore(env=env or {})
        if key:
            keys.save(key)
        prefs = Settings(profile.settings, env=settings_env or {})
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

    make.aloop = aloop  # type: ignore[attr-defined]
    make.controllers = made  # type: ignore[attr-defined]
    yield make
    stop_all(make)


def stop_all(make: Any) -> None:
    while make.controllers:
        make.aloop.run(make.controllers.pop().shutdown())


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Stop the uploads on the loop before pytest-qt processes events and closes the windows:
    a task stepped outside the running loop would fail."""
    make = getattr(item, "funcargs", {}).get("make_window")
    if make is not None:
        stop_all(make)
    yield
