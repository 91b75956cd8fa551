"""Where the flow wizards (issue C2, ``ui/wizards``) are launched from: names, menu texts,
icons and shortcuts, and how their classes are found."""

from __future__ import annotations

import importlib
from typing import Any

# (menu text, module under ui/wizards, class, icon, shortcut)
WIZARDS: dict[str, tuple[str, str, str, str, str]] = {
    "access": ("New access token…", "access_token", "AccessTokenWizard", "tokens", "Ctrl+T"),
    "browser": ("Browser sign-in…", "browser_signin", "BrowserSignInWizard", "browser", "Ctrl+B"),
    "creation": ("Creation token…", "creation_token", "CreationTokenWizard", "creation", "Ctrl+K"),
    "native": (
        "Sign in with email and password (test flow)…",
        "native_signin",
        "NativeSignInWizard",
        "password",
        "",
    ),
}


def load_wizard_class(module: str, name: str) -> Any:
    """Find a C2 wizard class: exported by ``ui.wizards`` or in ``ui.wizards.<module>``."""
    package = importlib.import_module("capture_desktop.ui.wizards")
    if hasattr(package, name):
        return getattr(package, name)
    return getattr(importlib.import_module(f"capture_desktop.ui.wizards.{module}"), name)
