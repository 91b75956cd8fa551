"""The one busy helper: everything it changes comes back, even when the action fails."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from capture_desktop.ui.busy import busy


def _form(qtbot: QtBot) -> tuple[QWidget, QPushButton, QLineEdit, QLabel]:
    root = QWidget()
    qtbot.addWidget(root)
    button, field, status = QPushButton("Request code"), QLineEdit(), QLabel("Ready")
    layout = QVBoxLayout(root)
    for widget in (button, field, status):
        layout.addWidget(widget)
    root.show()
    return root, button, field, status


def test_relabels_disables_and_restores_after_a_failure(qtbot: QtBot) -> None:
    _root, button, field, status = _form(qtbot)
    field.setEnabled(False)  # already disabled: stays disabled afterwards
    status.hide()
    with pytest.raises(RuntimeError), busy(button, field, status=status, text="Requesting…",
                                           relabel=True):  # fmt: skip
        assert button.text() == "Requesting…" and not button.isEnabled()
        assert status.text() == "Requesting…" and status.isVisible()
        raise RuntimeError("boom")
    assert button.text() == "Request code" and button.isEnabled()
    assert not field.isEnabled()
    assert status.isHidden() and status.text() == "Ready"


def test_keeps_a_status_text_written_during_the_action(qtbot: QtBot) -> None:
    _root, button, _field, status = _form(qtbot)
    with busy(button, status=status, text="Saving…"):
        assert button.text() == "Request code"  # not relabelled unless asked
        status.setText("Saved.")
    assert status.text() == "Saved." and status.isVisible() and button.isEnabled()


def test_relabel_needs_a_button(qtbot: QtBot) -> None:
    _root, _button, field, _status = _form(qtbot)
    with pytest.raises(TypeError), busy(field, relabel=True):
        pass
    assert field.isEnabled()
