"""The OAuth flow wizards: access token, browser sign-in, creation token, password sign-in.

Each is a non-modal window taking ``(session, parent=None)``. The classes are loaded on first
access, so importing this package stays cheap (the main window imports it at start-up).
"""

from __future__ import annotations

import importlib
from typing import Any

_CLASSES = {
    "AccessTokenWizard": "access_token",
    "BrowserSignInWizard": "browser_signin",
    "CreationTokenWizard": "creation_token",
    "NativeSignInWizard": "native_signin",
}

__all__ = ["AccessTokenWizard", "BrowserSignInWizard", "CreationTokenWizard", "NativeSignInWizard"]


def __getattr__(name: str) -> Any:
    module = _CLASSES.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
