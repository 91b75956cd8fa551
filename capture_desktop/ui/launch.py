"""Where the flow wizards (``ui/wizards``) are launched from: menu texts, icons, shortcuts,
and a loader per wizard that imports its module on first use (a plain import statement, so
the edge is visible to the import contracts and to mypy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from capture_desktop.services.session import Session

WizardClass = Callable[..., QWidget]


def _access_token() -> WizardClass:
    from capture_desktop.ui.wizards.access_token import AccessTokenWizard

    return AccessTokenWizard


def _browser_signin() -> WizardClass:
    from capture_desktop.ui.wizards.browser_signin import BrowserSignInWizard

    return BrowserSignInWizard


def _creation_token() -> WizardClass:
    from capture_desktop.ui.wizards.creation_token import CreationTokenWizard

    return CreationTokenWizard


def _native_signin() -> WizardClass:
    from capture_desktop.ui.wizards.native_signin import NativeSignInWizard

    return NativeSignInWizard


class WizardSpec(NamedTuple):
    text: str
    icon: str
    shortcut: str
    load: Callable[[], WizardClass]


WIZARDS: dict[str, WizardSpec] = {
    "access": WizardSpec("New access token…", "tokens", "Ctrl+T", _access_token),
    "browser": WizardSpec("Browser sign-in…", "browser", "Ctrl+B", _browser_signin),
    "creation": WizardSpec("Creation token…", "creation", "Ctrl+K", _creation_token),
    "native": WizardSpec(
        "Sign in with email and password (test flow)…", "password", "Ctrl+Shift+P", _native_signin
    ),
}


def open_wizard(key: str, session: Session, parent: QWidget, **kwargs: Any) -> QWidget:
    """Build the wizard ``key``; ``kwargs`` whose value is None are left out."""
    cls = WIZARDS[key].load()
    return cls(session, parent=parent, **{k: v for k, v in kwargs.items() if v is not None})
