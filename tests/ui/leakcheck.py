"""Find widgets and background tasks a test left behind (used by the autouse fixture)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from capture_desktop.services.tasks import live_runners

# Qt's own transient top-levels (tooltips, combo popups) are not ours to clean.
IGNORED = {"QTipLabel", "QComboBoxPrivateContainer"}


def _flush(app: QApplication) -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
    # Collect cyclic garbage here, on the GUI thread: left to chance, a collection can run
    # in a worker thread (uvicorn, keyring) and destroy QObjects (and their timers) there.
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class LeakCheck:
    def __init__(self) -> None:
        existing = QApplication.instance()
        self.app = existing if isinstance(existing, QApplication) else QApplication([])
        self.before = {id(w) for w in self.app.topLevelWidgets()}

    def find(self, *, flush: bool = True) -> tuple[list[str], list[str]]:
        """(pending task names, leaked widget class names).

        Reports only: deleting a widget here could free one a fixture still holds.
        ``flush`` processes pending deletions first; never from inside a running qasync
        task (that nests the Qt loop in a coroutine).
        """
        pending = [name for runner in live_runners() for name in runner.pending()]
        if flush:
            _flush(self.app)
        new = [
            w
            for w in self.app.topLevelWidgets()
            if id(w) not in self.before and type(w).__name__ not in IGNORED
        ]
        return pending, [f"{type(w).__name__}({w.objectName()})" for w in new]

    def assert_clean(self) -> None:
        pending, leaked = self.find()
        assert not pending, f"TaskRunner tasks left running: {pending}"
        assert not leaked, f"top-level widgets leaked: {leaked}"
