"""Garbage collection runs on the GUI thread only while the guard is active."""

from __future__ import annotations

import gc
import threading

from capture_desktop.services.gc_guard import MainThreadGc


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_cycles_made_in_a_worker_wait_for_the_gui_thread(qapp: object) -> None:
    guard = MainThreadGc(interval_ms=10_000)
    try:
        assert not gc.isenabled()

        def churn() -> None:
            for _ in range(5000):  # far past the generation-0 threshold
                _Cycle()

        worker = threading.Thread(target=churn)
        worker.start()
        worker.join()
        assert gc.get_count()[0] > gc.get_threshold()[0]  # nothing collected in the worker
        assert guard.check() > 0  # the GUI-thread check frees them
    finally:
        guard.stop()
    assert not gc.isenabled()  # the session-wide guard of tests/ui/conftest.py still holds
