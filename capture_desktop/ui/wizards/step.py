"""One step of a flow wizard: intro text, a content area, status, errors, request and response.

A step shows what it is about to send (``request``), what came back (``response``) and any
error explained in plain words (``error``). It reads and writes the wizard's shared
``FlowState``, never another step's widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from capture_desktop.ui.wizards.widgets import (
    ErrorPanel,
    RequestPreview,
    ResponseView,
    add_heading,
    button_row,
    status_label,
)

if TYPE_CHECKING:
    from capture_desktop.ui.wizards.base import WizardBase


class StepPage(QWidget):
    """One step: intro text, a content area, status, error panel, request and response."""

    complete_changed = Signal(bool)

    def __init__(
        self, title: str, intro: str, *, with_io: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self._complete = False
        self.setAccessibleName(f"Step: {title}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        text = add_heading(outer, "h3", title, "Step title", intro)
        text.setAccessibleDescription("Step explanation")
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        self.error = ErrorPanel()
        outer.addWidget(self.error)
        # Parented even when unused, so they never become stray top-level windows.
        self.request = RequestPreview(self)
        self.response = ResponseView(self)
        if with_io:
            io = QHBoxLayout()
            io.addWidget(self.request, 1)
            io.addWidget(self.response, 1)
            outer.addLayout(io, 1)
            outer.addStretch(0)  # past the boxes' maximum height, the rest stays empty
        else:
            self.request.hide()
            self.response.hide()
            outer.addStretch(1)

    def add_row(self, *widgets: QWidget) -> QHBoxLayout:
        """Append a row of ``widgets`` (left-aligned) to the content area."""
        row = button_row(*widgets)
        self.body.addLayout(row)
        return row

    def add_status(self, name: str) -> QLabel:
        """Append the step's status line (announced when it changes) to the content area."""
        label = status_label(name)
        self.body.addWidget(label)
        return label

    def is_complete(self) -> bool:
        return self._complete

    def set_complete(self, complete: bool) -> None:
        if complete != self._complete:
            self._complete = complete
            self.complete_changed.emit(complete)

    def on_enter(self) -> None:
        """Called each time the page becomes current."""


class WizardStep(StepPage):
    """A step of a flow wizard: it reaches its wizard, the wizard's ``flows`` service and the
    ``state`` all steps share."""

    def __init__(self, wizard: WizardBase, title: str, intro: str, *, with_io: bool = True) -> None:
        super().__init__(title, intro, with_io=with_io)
        self.wizard = wizard
        self.flows = wizard.flows
        self.state = wizard.state
