"""Guard against the PySide6 6.12.0 / CPython 3.11 reference-count bug.

That release drops one reference to ``None`` on every void-returning Qt call and one to
``True`` on every ``Signal.emit()``; the app then aborts after a few thousand UI calls. A
version bump that brings it back must fail here, not on a user's desk.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_and_emits_keep_none_and_true_alive(qtbot: object) -> None:
    label = QLabel()
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.fired.connect(seen.append)
    before_none = sys.getrefcount(None)
    before_true = sys.getrefcount(True)
    for i in range(500):
        label.setText(f"row {i}")
        emitter.fired.emit(True)
    assert len(seen) == 500
    assert label.text() == "row 499"
    # Immortal on 3.12+, where the counts are huge and stable; on 3.11 a leak shows as a fall.
    assert sys.getrefcount(None) >= before_none - 10
    assert sys.getrefcount(True) >= before_true - 10
