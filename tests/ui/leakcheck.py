"""Find widgets and background tasks a test left behind (used by the autouse fixture)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken

from capture_desktop.services.tasks import live_runners

# Qt's own transient top-levels (tooltips, combo popups) are not ours to clean. Matched by
# their C++ class: PySide6 wraps these private classes as QLabel and QFrame.
IGNORED = {"QTipLabel", "QComboBoxPrivateContainer"}


def _address(widget: QWidget) -> int:
    """The C++ object's address. A widget with no Python owner gets a new wrapper, with a new
    ``id()``, each time Qt hands it out: one leaked in an earlier test would read as new in
    every test after it."""
    return int(Shiboken.getCppPointer(widget)[0])


def _name(widget: QWidget) -> str:
    return str(widget.metaObject().className())


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
        self.before = {_address(w) for w in self.app.topLevelWidgets()}

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
            if _address(w) not in self.before and _name(w) not in IGNORED
        ]
        return pending, [f"{_name(w)}({w.objectName()})" for w in new]

    def assert_clean(self) -> None:
        pending, leaked = self.find()
        assert not pending, f"TaskRunner tasks left running: {pending}"
        assert not leaked, f"top-level widgets leaked: {leaked}"
