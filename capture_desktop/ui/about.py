"""Help › About: name, version, what the app is, and the versions it runs on."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QSize, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from capture_desktop import APP_NAME, __version__
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.icons import icon


def about_text() -> str:
    return (
        f"<h2 style='margin-bottom:2px'>{APP_NAME}</h2>"
        f"<p>Version {__version__}</p>"
        "<p>A desktop tool for the Capture REST API (Janrain / Akamai Identity Cloud): walk "
        "the OAuth flows step by step, keep tokens fresh, browse and fix user records, with "
        "a built-in Capture sandbox.</p>"
        f"<p><small>Python {platform.python_version()} · Qt {qVersion()} · "
        f"PySide6 {pyside_version}</small></p>"
        "<p><small>Secrets are kept only in the system keyring.</small></p>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        modeless(self, "AboutDialog", f"About {APP_NAME}", f"About {APP_NAME}")
        row = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(80, 80)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        logo.setAccessibleName("Application icon")
        self.text = QLabel(about_text())
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(360)
        self.text.setAccessibleDescription("About text")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(logo)
        row.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
