"""Across every page of every wizard, no label speaks a name other than the text it shows
(WCAG 2.5.3); the AT-SPI tests cannot see a label's text apart from its name, so this reads
the widgets themselves."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from capture_desktop.ui.launch import WIZARDS, open_wizard
from tests.helpers.accessibility import misnamed_labels


@pytest.mark.parametrize("key", sorted(WIZARDS))
async def test_wizard_labels_read_as_shown(session: Any, key: str) -> None:
    parent = QWidget()
    wizard = open_wizard(key, session, parent)
    try:
        wizard.show()
        assert misnamed_labels(wizard) == []
    finally:
        await wizard.aclose()  # type: ignore[attr-defined]
        parent.deleteLater()
