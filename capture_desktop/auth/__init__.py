"""The redirect receiver, the OAuth flows and the token lifecycle (Qt-free).

- ``LoopbackReceiver`` / ``parse_redirect_url``: catch the code at ``redirect_uri``.
- ``AuthorizationCodeFlow``, ``BrowserSignInFlow``, ``CreationTokenFlow``, ``refresh``.
- ``TokenKeeper``: token slots, single-flight refresh, persist-before-use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from capture_desktop._lazy import lazy_namespace

if TYPE_CHECKING:
    from capture_desktop.auth.callback import (
        CallbackRefused,
        CallbackResult,
        SignInDenied,
        parse_redirect_url,
    )
    from capture_desktop.auth.flows import (
        AuthorizationCodeFlow,
        BrowserSignInFlow,
        CreationTokenFlow,
        Pkce,
        refresh,
    )
    from capture_desktop.auth.loopback import (
        LoopbackClosed,
        LoopbackError,
        LoopbackReceiver,
        LoopbackTimeout,
        PortBusy,
    )
    from capture_desktop.auth.token_keeper import (
        NeedsSignIn,
        SlotExpired,
        TokenError,
        TokenKeeper,
        TokenSlot,
        utc_now,
    )

# Each public name and the module that defines it: importing the package stays cheap, and a
# name's module loads on first use (PEP 562).
_WHERE = {
    "AuthorizationCodeFlow": "capture_desktop.auth.flows",
    "BrowserSignInFlow": "capture_desktop.auth.flows",
    "CallbackRefused": "capture_desktop.auth.callback",
    "CallbackResult": "capture_desktop.auth.callback",
    "CreationTokenFlow": "capture_desktop.auth.flows",
    "LoopbackClosed": "capture_desktop.auth.loopback",
    "LoopbackError": "capture_desktop.auth.loopback",
    "LoopbackReceiver": "capture_desktop.auth.loopback",
    "LoopbackTimeout": "capture_desktop.auth.loopback",
    "NeedsSignIn": "capture_desktop.auth.token_keeper",
    "Pkce": "capture_desktop.auth.flows",
    "PortBusy": "capture_desktop.auth.loopback",
    "SignInDenied": "capture_desktop.auth.callback",
    "SlotExpired": "capture_desktop.auth.token_keeper",
    "TokenError": "capture_desktop.auth.token_keeper",
    "TokenKeeper": "capture_desktop.auth.token_keeper",
    "TokenSlot": "capture_desktop.auth.token_keeper",
    "parse_redirect_url": "capture_desktop.auth.callback",
    "refresh": "capture_desktop.auth.flows",
    "utc_now": "capture_desktop.auth.token_keeper",
}

__all__ = [
    "AuthorizationCodeFlow",
    "BrowserSignInFlow",
    "CallbackRefused",
    "CallbackResult",
    "CreationTokenFlow",
    "LoopbackClosed",
    "LoopbackError",
    "LoopbackReceiver",
    "LoopbackTimeout",
    "NeedsSignIn",
    "Pkce",
    "PortBusy",
    "SignInDenied",
    "SlotExpired",
    "TokenError",
    "TokenKeeper",
    "TokenSlot",
    "parse_redirect_url",
    "refresh",
    "utc_now",
]


__getattr__, __dir__ = lazy_namespace(__name__, _WHERE)
