"""The leak check itself notices a leaked top-level widget and a pending task."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog

from capture_desktop.services.tasks import TaskRunner
from tests.ui.leakcheck import LeakCheck


def test_a_leaked_window_is_reported(qapp: object) -> None:
    check = LeakCheck()
    leaked = QDialog()
    leaked.setObjectName("Forgotten")
    leaked.show()
    pending, widgets = check.find()
    assert widgets == ["QDialog(Forgotten)"]
    assert pending == []
    leaked.close()
    leaked.deleteLater()
    assert check.find() == ([], [])


async def test_a_pending_task_is_reported(qapp: object) -> None:
    check = LeakCheck()
    runner = TaskRunner()
    never = asyncio.Event()
    runner.run(never.wait(), name="forgotten-task")
    pending, _ = check.find(flush=False)
    assert pending == ["forgotten-task"]
    await runner.aclose()
    assert runner.pending() == []


def test_a_leak_is_reported_once_not_again_by_later_checks(qapp: object) -> None:
    # A combo's popup (a C++-only top-level) left behind by one test must not read as a new
    # leak in every test after it: that turned one failure into dozens of errors.
    from PySide6.QtWidgets import QComboBox

    first = LeakCheck()
    leaked = QDialog()
    leaked.setObjectName("Forgotten")
    combo = QComboBox(leaked)
    combo.addItems(["a", "b"])
    combo.showPopup()
    combo.hidePopup()
    leaked.show()
    assert first.find()[1] == ["QDialog(Forgotten)"]  # the popup is Qt's, not reported
    later = LeakCheck()
    assert later.find() == ([], [])
    leaked.close()
    leaked.deleteLater()
    assert first.find() == ([], [])
