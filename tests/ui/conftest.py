"""UI tests: async tests run on a qasync loop over the one QApplication.

pytest-asyncio 1.5 takes loop factories from this hook (for tests under tests/ui only). Tests
await futures or signals (see ``tests.helpers.qt.wait_signal``); never ``qtbot.waitSignal``
inside an async test, which nests a Qt loop and hangs teardown (STACK-NOTES.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    return loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], Any]]:
    return {"qasync": _qasync_loop}
