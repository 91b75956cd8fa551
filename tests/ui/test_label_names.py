"""A label's spoken name is the text it shows (WCAG 2.5.3, issue 15's "done when"): labels
whose text changes at run time keep no fixed accessible name (what they are for goes in the
description), so a reader never says "No keyring" over a sentence that says more."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from capture_desktop.ui.wizards.keyring_gate import KeyringGate
from tests.helpers.accessibility import misnamed_labels


def test_keyring_gate_reads_its_message(qtbot: QtBot) -> None:
    gate = KeyringGate()
    qtbot.addWidget(gate)
    gate.set_problem("no Secret Service on the session bus")
    assert misnamed_labels(gate) == []
