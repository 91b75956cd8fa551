"""Run Python's cyclic garbage collector on the GUI thread only.

WORKAROUND: PySide6 lets a collection in a worker thread destroy QObjects there; collect on
the GUI thread only.

Left automatic, a collection starts in whichever thread happens to allocate: the sandbox's
uvicorn thread, a keyring worker. If it frees a QObject there, Qt destroys the object (and
its timers) from the wrong thread, and a later timer event hits freed memory (we saw exactly
this segfault in the UI tests). The guard turns automatic collection off and collects from a
GUI-thread timer instead, by generation, as the automatic collector would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGc(QObject):
    """Create on the GUI thread; ``stop()`` (or deleting it) restores automatic collection."""

    def __init__(
        self,
        interval_ms: int = 500,
        parent: QObject | None = None,
        *,
        was_enabled: bool | None = None,
    ) -> None:
        """``was_enabled``: whether ``stop()`` turns automatic collection back on (default:
        whether it is on now; the app turns it off before Qt is imported, see ``app.run``)."""
        super().__init__(parent)
        self._was_enabled = gc.isenabled() if was_enabled is None else was_enabled
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the oldest generation whose count passed its threshold; objects freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
