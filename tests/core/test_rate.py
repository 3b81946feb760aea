from __future__ import annotations

import pytest

from app.core.rate import RateMeter


def test_speed_and_time_left_from_a_steady_upload() -> None:
    meter = RateMeter(window=5)
    assert meter.speed() is None
    for second in range(11):
        meter.add(float(second), second * 1000)
    assert meter.speed() == pytest.approx(1000)
    assert meter.time_left(20_000) == pytest.approx(10)


def test_old_samples_leave_the_window() -> None:
    meter = RateMeter(window=2)
    meter.add(0, 0)
    meter.add(1, 10_000)  # a fast start
    for second in range(2, 10):
        meter.add(float(second), 10_000 + (second - 1) * 100)
    assert meter.speed() == pytest.approx(100)


def test_a_restart_clears_the_estimate() -> None:
    meter = RateMeter()
    meter.add(0, 0)
    meter.add(1, 500)
    meter.add(2, 0)
    assert meter.speed() is None
