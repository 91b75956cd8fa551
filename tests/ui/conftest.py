"""UI tests: async tests run on a qasync loop over the one QApplication.

pytest-asyncio 1.5 takes loop factories from this hook (for tests under tests/ui only). Tests
await futures or signals (see ``tests.helpers.qt.wait_signal``); never ``qtbot.waitSignal``
inside an async test, which nests a Qt loop and hangs teardown.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication


def _qasync_loop() -> asyncio.AbstractEventLoop:
    app = QApplication.instance() or QApplication([])
    # Closing a test's last window must not quit the app (that stops the loop mid-test).
    app.setQuitOnLastWindowClosed(False)  # type: ignore[attr-defined]
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    return loop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], Any]]:
    return {"qasync": _qasync_loop}


@pytest.fixture(autouse=True, scope="session")
def gc_on_the_gui_thread() -> Any:
    """Collect garbage on the GUI thread only, as the app does (services/gc_guard.py)."""
    QApplication.instance() or QApplication([])
    from capture_desktop.services.gc_guard import MainThreadGc

    guard = MainThreadGc()
    yield guard
    guard.stop()


@pytest.fixture(autouse=True)
def automatic_gc_stays_off(gc_on_the_gui_thread: Any) -> Any:
    """A test (or a fixture) must leave automatic collection as the guard set it: off. One
    that turns it back on lets every later UI test collect on worker threads, and makes
    tests that check the guard depend on the order they run in."""
    yield
    assert not gc.isenabled(), "automatic garbage collection was left on after this test"


# Leak check (napari's idea): a test must not leave a top-level widget alive, nor a
# TaskRunner task pending. Widgets registered with qtbot.addWidget are closed by pytest-qt
# before this fixture's teardown runs, so only real leaks remain (see tests/ui/leakcheck.py).
@pytest.fixture(autouse=True)
def no_leaked_widgets_or_tasks() -> Any:
    from tests.ui.leakcheck import LeakCheck

    check = LeakCheck()
    yield
    check.assert_clean()
