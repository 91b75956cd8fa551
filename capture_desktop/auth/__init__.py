"""The redirect receiver, the OAuth flows and the token lifecycle (Qt-free).

- ``LoopbackReceiver`` / ``parse_redirect_url``: catch the code at ``redirect_uri``.
- ``AuthorizationCodeFlow``, ``BrowserSignInFlow``, ``CreationTokenFlow``, ``refresh``.
- ``TokenKeeper``: token slots, single-flight refresh, persist-before-use.
"""

from __future__ import annotations

from capture_desktop.auth.callback import CallbackRefused, CallbackResult, parse_redirect_url
from capture_desktop.auth.flows import (
    AuthorizationCodeFlow,
    BrowserSignInFlow,
    CreationTokenFlow,
    Pkce,
    SignInDenied,
    refresh,
)
from capture_desktop.auth.loopback import (
    LoopbackClosed,
    LoopbackError,
    LoopbackReceiver,
    LoopbackTimeout,
    PortBusy,
)
from capture_desktop.auth.tokens import (
    NeedsSignIn,
    SlotExpired,
    TokenError,
    TokenKeeper,
    TokenSlot,
    utc_now,
)

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
