"""One dialog on its own, for keyboard and screen-reader tests of widgets the whole app only
shows deep in a task. ``widget_main.py review`` shows the review dialog with three changes and
prints ``saved <mode>`` when Save is chosen; ``countdown`` a code countdown 12 s from expiry."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def review() -> object:
    from capture_desktop.editing.diff import Change
    from capture_desktop.ui.records.diff_dialog import DiffDialog

    changes = [
        Change("givenName", "changed", "Alice", "Alicia"),
        Change("familyName", "changed", "Smith", "Smyth"),
        Change("displayName", "added", None, "Ali"),
    ]
    dialog = DiffDialog(changes, environment="production")

    def saved(mode: str) -> None:
        print("saved", mode, flush=True)
        QApplication.quit()

    dialog.save_chosen.connect(saved)
    dialog.rejected.connect(QApplication.quit)
    dialog.show()
    return dialog


def countdown() -> object:
    """A code countdown 12 s from expiry, in a small window titled "Countdown"."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from capture_desktop.ui.wizards.widgets import CountdownLabel

    window = QWidget()
    window.setWindowTitle("Countdown")
    label = CountdownLabel("Code expires", window)
    QVBoxLayout(window).addWidget(label)
    window.resize(300, 80)
    window.show()
    label.start(datetime.now(UTC) + timedelta(seconds=12))
    return window


SCENES = {"review": review, "countdown": countdown}

if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    keep = SCENES[sys.argv[1]]()
    raise SystemExit(app.exec())
