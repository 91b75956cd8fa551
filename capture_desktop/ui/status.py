"""The status-bar pieces: the environment banner and the insecure-transport warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from capture_desktop.api.transport import is_insecure_transport
from capture_desktop.ui.proxy_field import ProxyPill
from capture_desktop.ui.theme import (
    ENVIRONMENT_COLOURS,
    INSECURE_COLOUR,
    NEUTRAL_FILL,
    pill_style,
)

if TYPE_CHECKING:
    from capture_desktop.store.profiles import Profile

ENVIRONMENT_TEXT = {
    "sandbox": "SANDBOX · local emulator",
    "development": "DEVELOPMENT",
    "production": "PRODUCTION · real customer data",
}


class EnvironmentBanner(QWidget):
    """A coloured pill naming the environment, plus a red pill when TLS is off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EnvironmentBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.environment = QLabel()
        self.environment.setObjectName("EnvironmentPill")
        self.insecure = QLabel("⚠ INSECURE TRANSPORT: secrets travel without TLS")
        self.insecure.setObjectName("InsecurePill")
        self.insecure.setStyleSheet(pill_style(INSECURE_COLOUR))
        self.insecure.setAccessibleDescription("Insecure transport warning")
        self.insecure.setToolTip(
            "This profile allows plain http:// to a host that is not this computer. The client "
            "secret and tokens can be read by anyone on the network path."
        )
        layout.addWidget(self.environment)
        layout.addWidget(self.insecure)
        self.proxy = ProxyPill()
        layout.addWidget(self.proxy)
        self.set_profile(None)

    def set_profile(self, profile: Profile | None) -> None:
        self.proxy.set_profile(profile)
        if profile is None:
            self.environment.setText("No profile")
            self.environment.setStyleSheet(pill_style(NEUTRAL_FILL))
            self.environment.setAccessibleDescription("Environment: none")
            self.insecure.hide()
            return
        env = profile.environment
        self.environment.setText(ENVIRONMENT_TEXT.get(env, env.upper()))
        self.environment.setStyleSheet(pill_style(ENVIRONMENT_COLOURS.get(env, NEUTRAL_FILL)))
        self.environment.setAccessibleDescription(f"Environment: {env}")
        show = profile.allow_insecure and is_insecure_transport(profile.base_url)
        self.insecure.setVisible(show)
