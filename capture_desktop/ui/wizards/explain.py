"""Plain-words explanations for the errors a flow wizard meets.

Builds on ``ui.errors.describe_error`` (the app-wide presenter) and adds what only a wizard
knows: both redirect URIs for a 420, "you cancelled sign-in" for ``access_denied``, which
port was busy. It switches on error *codes and class names*, never on description text.
"""

from __future__ import annotations

from capture_desktop.ui.errors import ErrorInfo, describe_error


class SignInCancelled(Exception):
    """The user cancelled (or refused) sign-in on the hosted page: ``error=access_denied``."""

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description or "access_denied")
        self.error = "access_denied"
        self.error_description = description


class CallbackRejected(Exception):
    """The redirect carried an OAuth error other than access_denied, or no code."""

    def __init__(self, error: str, description: str | None = None) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.error_description = description


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def _detail(info: ErrorInfo, name: str) -> str | None:
    return next((v for k, v in info.details if k == name), None)


def explain(
    exc: BaseException,
    *,
    issued_redirect_uri: str | None = None,
    sent_redirect_uri: str | None = None,
) -> ErrorInfo:
    """Explain ``exc`` for this wizard step; the redirect URIs make a 420 concrete."""
    names = _names(exc)
    code = getattr(exc, "code", None)
    if isinstance(exc, SignInCancelled) or getattr(exc, "error", None) == "access_denied":
        return ErrorInfo(
            "You cancelled sign-in",
            "The sign-in page reported that sign-in was cancelled or refused (access_denied). "
            "Nothing was stored. Start again when you are ready.",
            [("Server said", str(getattr(exc, "error_description", None) or "access_denied"))],
        )
    if "PortBusy" in names:
        port = getattr(exc, "port", None)
        return ErrorInfo(
            f"Port {port} is already in use" if port else "The port is already in use",
            "Another program is listening on that port, so the receiver could not start. "
            "Choose another registered port, or let the app pick a free (ephemeral) port.",
            [("Detail", str(exc))],
        )
    if "CallbackRefused" in names:
        reason = str(getattr(exc, "reason", ""))
        title = {
            "wrong_state": "This redirect does not belong to this attempt",
            "missing_state": "This redirect does not belong to this attempt",
            "wrong_redirect_uri": "This URL goes to a different redirect_uri",
            "not_a_url": "That is not a redirect URL",
        }.get(reason, "The redirect URL was not accepted")
        return ErrorInfo(
            title,
            f"{exc} Paste the whole address the browser was sent to, from the latest attempt "
            "(it starts with the redirect_uri shown above and carries code= and state=).",
            [("Reason", reason or type(exc).__name__)],
        )
    if isinstance(exc, CallbackRejected):
        return ErrorInfo(
            "The redirect carried no code",
            "The page sent the browser back with an error instead of an authorization code.",
            [("Error", exc.error), ("Server said", exc.error_description or "(nothing)")],
        )
    info = describe_error(exc)
    if code == 420:
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
    if code == 415:
        return ErrorInfo(
            "The authorization code has expired (error 415)",
            "Codes live only for their lifetime (30 s unless you chose another) and can be "
            "used once. Go back to the Code step and request a new one.",
            info.details,
        )
    if code == 417:
        return ErrorInfo(
            "The creation token has expired (error 417)",
            "Get a new creation token; this one can no longer create records.",
            info.details,
        )
    return info


__all__ = ["CallbackRejected", "SignInCancelled", "explain"]
