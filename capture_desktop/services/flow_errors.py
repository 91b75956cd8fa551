"""Plain-words explanations for the errors a flow wizard meets.

Builds on ``services.error_text.describe_error`` (the app-wide wording) and adds what only a
wizard knows: both redirect URIs for a 420, "you cancelled sign-in" for ``access_denied``,
which port was busy. It switches on the core's exception classes, never on description text.
Qt-free.
"""

from __future__ import annotations

from capture_desktop.api.errors import (
    AuthorizationCodeExpired,
    CreationTokenExpired,
    RedirectUriMismatch,
)
from capture_desktop.auth.callback import CallbackRefused, SignInDenied
from capture_desktop.auth.loopback import PortBusy
from capture_desktop.services.error_text import ErrorInfo, describe_error

REFUSED_TITLES = {
    "wrong_state": "This redirect does not belong to this attempt",
    "missing_state": "This redirect does not belong to this attempt",
    "wrong_redirect_uri": "This URL goes to a different redirect_uri",
    "not_a_url": "That is not a redirect URL",
}


def explain(
    exc: BaseException,
    *,
    issued_redirect_uri: str | None = None,
    sent_redirect_uri: str | None = None,
) -> ErrorInfo:
    """Explain ``exc`` for this wizard step; the redirect URIs make a 420 concrete."""
    if isinstance(exc, SignInDenied) and exc.cancelled:
        return ErrorInfo(
            "You cancelled sign-in",
            "The sign-in page reported that sign-in was cancelled or refused (access_denied). "
            "Nothing was stored. Start again when you are ready.",
            [("Server said", exc.error_description or "access_denied")],
        )
    if isinstance(exc, PortBusy):
        port = exc.port
        return ErrorInfo(
            f"Port {port} is already in use" if port else "The port is already in use",
            "Another program is listening on that port, so the receiver could not start. "
            "Choose another registered port, or let the app pick a free (ephemeral) port.",
            [("Detail", str(exc))],
        )
    if isinstance(exc, CallbackRefused):
        reason = exc.reason
        return ErrorInfo(
            REFUSED_TITLES.get(reason, "The redirect URL was not accepted"),
            f"{exc} Paste the whole address the browser was sent to, from the latest attempt "
            "(it starts with the redirect_uri shown above and carries code= and state=).",
            [("Reason", reason or type(exc).__name__)],
        )
    if isinstance(exc, SignInDenied):
        return ErrorInfo(
            "The redirect carried no code",
            "The page sent the browser back with an error instead of an authorization code.",
            [("Error", exc.error), ("Server said", exc.error_description or "(nothing)")],
        )
    info = describe_error(exc)
    if isinstance(exc, RedirectUriMismatch):
        issued = issued_redirect_uri or "(unknown)"
        sent = sent_redirect_uri or "(unknown)"
        meaning = (
            "Capture exchanges a code only when the redirect_uri sent now is exactly the one "
            "the code was issued for, character for character (scheme, host form, port, path "
            "and any query).\n"
            f"The code was issued for:  {issued}\n"
            f"This exchange sent:         {sent}\n"
            "Put the first value back into the redirect_uri field and exchange again. If the "
            "server has used up the code, go back and request a new one."
        )
        return ErrorInfo("The redirect_uri does not match (error 420)", meaning, info.details)
    if isinstance(exc, AuthorizationCodeExpired):
        return ErrorInfo(
            "The authorization code has expired (error 415)",
            "Codes live only for their lifetime (30 s unless you chose another) and can be "
            "used once. Go back to the Code step and request a new one.",
            info.details,
        )
    if isinstance(exc, CreationTokenExpired):
        return ErrorInfo(
            "The creation token has expired (error 417)",
            "Get a new creation token; this one can no longer create records.",
            info.details,
        )
    return info


__all__ = ["explain"]
