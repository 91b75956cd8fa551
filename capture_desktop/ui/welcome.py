"""The first-run page: no profile yet, so offer the two ways in."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from capture_desktop import APP_NAME
from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.icons import icon


class _Choice(QFrame):
    """A card: icon, title, explanation, and one button that does it."""

    def __init__(
        self, icon_name: str, title: str, text: str, button_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeChoice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#WelcomeChoice { border: 1px solid palette(mid); border-radius: 10px;"
            " background: palette(base); }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setFixedWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 22, 22, 22)
        layout.setSpacing(10)
        picture = QLabel()
        picture.setPixmap(icon(icon_name).pixmap(QSize(48, 48)))
        picture.setAccessibleName(f"{title} icon")
        heading = QLabel(f"<h3 style='margin:0'>{title}</h3>")
        heading.setAccessibleDescription(title)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setAccessibleDescription(f"{title}: explanation")
        body.setMinimumHeight(body.sizeHint().height())
        self.button = QPushButton(button_text)
        self.button.setAccessibleName(button_text.rstrip("…"))
        self.button.setMinimumHeight(34)
        layout.addWidget(picture)
        layout.addWidget(heading)
        layout.addWidget(body, 1)
        layout.addWidget(self.button)


class WelcomePage(QWidget):
    """Shown while no connection profile exists."""

    sandbox_requested = Signal()
    connect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomePage")
        self.setAccessibleName("Welcome")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(QSize(72, 72)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName(f"{APP_NAME} logo")
        title = QLabel(f"<h1 style='margin:0'>Welcome to {APP_NAME}</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setAccessibleDescription("Welcome title")
        subtitle = QLabel(
            "Walk Capture's OAuth flows step by step, inspect tokens, and find and fix "
            "user records.<br>Choose how to start — you can add more connections later."
        )
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)
        subtitle.setAccessibleDescription("Welcome explanation")
        outer.addWidget(logo)
        outer.addWidget(title)
        outer.addWidget(subtitle)
        outer.addSpacing(24)

        cards = QHBoxLayout()
        cards.setSpacing(24)
        self.sandbox_choice = _Choice(
            "sandbox",
            "Try the built-in sandbox",
            "Starts a local Capture emulator on this computer, with demo users and API "
            "clients. Nothing leaves your machine — ideal for learning the flows and for QA "
            "rehearsals.",
            "Start the sandbox",
            self,
        )
        self.connect_choice = _Choice(
            "connect",
            "Connect to my Capture application",
            "Enter your Capture domain and an API client. The client secret goes straight "
            "to the system keyring; the connection is tested before you start.",
            "Set up a connection…",
            self,
        )
        self.sandbox_choice.button.setDefault(True)
        self.sandbox_choice.button.clicked.connect(self.sandbox_requested)
        self.connect_choice.button.clicked.connect(self.connect_requested)
        cards.addStretch(1)
        cards.addWidget(self.sandbox_choice)
        cards.addWidget(self.connect_choice)
        cards.addStretch(1)
        outer.addLayout(cards)
        self.status = StatusLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setAccessibleDescription("Welcome status")
        outer.addSpacing(12)
        outer.addWidget(self.status)
        outer.addStretch(3)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.sandbox_choice.button.setEnabled(not busy)
        self.connect_choice.button.setEnabled(not busy)
        self.status.setText(text)
