"""The window's frame, painted before its body is built (app.ui.app): it must already look like the
window a moment later, in the same place and under the same title, and lose nothing meanwhile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QStatusBar

from app.core.settings import AppPaths, KeyStore, Settings
from app.ui.control.controller import Controller
from app.ui.window.mainwindow import MainWindow
from app.ui.words import i18n
from tests.ui.conftest import Loop


@pytest.fixture
def controllers(aloop: Loop, profile: AppPaths) -> Iterator[list[Controller]]:
    made: list[Controller] = []
    yield made
    for controller in made:
        aloop.run(controller.shutdown())


def _controller(made: list[Controller], profile: AppPaths, *, demo: bool) -> Controller:
    controller = Controller(
        profile, Settings(profile.settings, env={}), KeyStore(env={}), demo=demo
    )
    made.append(controller)
    return controller


def test_the_frame_has_the_windows_title_and_place_before_it_is_shown(
    qtbot: Any, profile: AppPaths, controllers: list[Controller]
) -> None:
    i18n.apply("zh_CN")
    try:
        whole = MainWindow(_controller(controllers, profile, demo=True))
        qtbot.addWidget(whole)
        whole.setGeometry(QRect(60, 40, 640, 480))  # inside the 800 × 600 offscreen screen
        whole.save_layout()

        frame = MainWindow(paths=profile, demo=True)
        qtbot.addWidget(frame)
        assert not frame.built and frame.centralWidget() is None
        # There before the first show: added later, its grip was first painted at the left.
        assert frame.findChild(QStatusBar) is not None
        assert frame.windowTitle() == whole.windowTitle() == "APIModels Uploader（演示）"
        assert frame.geometry() == whole.geometry()  # restored before the first show
        frame.show()
        placed = frame.geometry()
        frame.build(_controller(controllers, profile, demo=True))
        assert frame.geometry() == placed
        assert frame.windowTitle() == whole.windowTitle()
        assert frame.demo_banner.isVisibleTo(frame)  # there at once, as the title says
    finally:
        i18n.apply("en")


def test_the_first_paint_signal_waits_for_the_body(
    qtbot: Any, profile: AppPaths, controllers: list[Controller]
) -> None:
    frame = MainWindow(paths=profile)
    qtbot.addWidget(frame)
    painted: list[str] = []
    frame.first_painted.connect(lambda: painted.append("whole"))
    with qtbot.waitSignal(frame.frame_painted, timeout=5000):
        frame.show()
    qtbot.wait(50)
    assert painted == []  # the controller's slower work waits for the list to be seen
    with qtbot.waitSignal(frame.first_painted, timeout=5000):
        frame.build(_controller(controllers, profile, demo=False))
    assert frame.centralWidget() is not None and frame.acts.toolbar.isVisible()


def test_a_frame_closed_before_it_is_built_quits_once_it_is(
    qtbot: Any, profile: AppPaths, controllers: list[Controller]
) -> None:
    frame = MainWindow(paths=profile)
    qtbot.addWidget(frame)
    frame.show()
    frame.close()  # nothing to shut down yet: the close waits for the controller
    assert frame.isVisible()
    with qtbot.waitSignal(frame.quit_requested, timeout=5000):
        frame.build(_controller(controllers, profile, demo=False))
    assert not frame.isVisible()


def test_the_bars_and_the_list_are_painted_before_the_controller_is_made(
    qtbot: Any, profile: AppPaths, controllers: list[Controller]
) -> None:
    from app.ui.table.model import UploadsModel

    frame = MainWindow(paths=profile)
    qtbot.addWidget(frame)
    with qtbot.waitSignal(frame.frame_painted, timeout=5000):
        frame.show()
    model = UploadsModel(frame)
    with qtbot.waitSignal(frame.first_painted, timeout=5000):
        frame.build_body(model)  # no controller yet: app.ui.app makes it after this paint
    assert frame.whole_painted and frame.body_built and not frame.built
    assert frame.acts.toolbar.isVisible() and frame.search.isVisible()
    assert not frame.acts.cancel_all.isEnabled()  # right from the start, from the model
    frame.acts.retry_failed.trigger()  # a shortcut pressed before the controller: nothing
    frame.close()  # and a close waits for it, as with the frame alone
    assert frame.isVisible()
    controller = Controller(
        profile, Settings(profile.settings, env={}), KeyStore(env={}), model=model
    )
    controllers.append(controller)
    with qtbot.waitSignal(frame.quit_requested, timeout=5000):
        frame.attach(controller)
    assert frame.built and frame.controller.model is model
    assert model.thumbs is controller.thumbs  # thumbnails reach the model made before
