"""The UI test harness itself: async tests really run on qasync, and signals can be awaited."""

from __future__ import annotations

import asyncio

import qasync
from PySide6.QtCore import QObject, QTimer, Signal

from tests.helpers.qt import wait_signal


class _Ticker(QObject):
    ticked = Signal(int)


async def test_async_test_runs_on_qasync_loop(qapp: object) -> None:
    assert isinstance(asyncio.get_running_loop(), qasync.QEventLoop)


async def test_await_a_qt_signal_from_a_timer(qapp: object) -> None:
    ticker = _Ticker()
    QTimer.singleShot(20, lambda: ticker.ticked.emit(7))
    (value,) = await wait_signal(ticker.ticked, timeout=5)
    assert value == 7
