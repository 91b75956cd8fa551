"""The wizards' no-keyring gate: asked before a single-use code is spent.

With no system keyring a token cannot be saved. The gate says so once (what is missing and
what to install) and offers to keep the token in memory for this session only; the step's
action stays disabled until the user has chosen that.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QVBoxLayout, QWidget

from capture_desktop.services.error_text import describe_error
from capture_desktop.store.secret_errors import SecretStoreUnavailable

SESSION_ONLY_TEXT = "Keep the token in memory for this session only (it is lost when you quit)"


class KeyringGate(QFrame):
    """Hidden while the keyring works; ``ready()`` says whether a code may be spent."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyringGate")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem: str | None = None
        layout = QVBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleDescription("No keyring")
        layout.addWidget(self.text)
        self.keep_in_memory = QCheckBox(SESSION_ONLY_TEXT)
        self.keep_in_memory.setAccessibleName("Keep the token in memory for this session only")
        self.keep_in_memory.toggled.connect(lambda _on: self.changed.emit())
        layout.addWidget(self.keep_in_memory)
        self.hide()

    def set_problem(self, problem: str | None) -> None:
        self.problem = problem
        if problem is not None:
            info = describe_error(SecretStoreUnavailable(reason=problem))
            self.text.setText(f"⚠ <b>{info.title}</b> ({problem}). {info.meaning}")
        else:
            self.keep_in_memory.setChecked(False)
        self.setVisible(problem is not None)
        self.changed.emit()

    def ready(self) -> bool:
        return self.problem is None or self.keep_in_memory.isChecked()

    def session_only(self) -> bool:
        return self.problem is not None and self.keep_in_memory.isChecked()
