"""Errors in plain words: a title, what it means, and labelled details (code, request id).

Pure and Qt-free, so the error window, the inline banners and the wizards' explanations
share one wording, and tests read it without a display. Errors are explained by what they
mean: an ``ApiError``'s ``meaning``, ``code`` and ``request_id``; the server's
``error_description`` is shown verbatim but never parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from capture_desktop.api.errors import (
    ApiError,
    CaptureError,
    InsecureTransportRefused,
    NetworkError,
    TimeoutError_,
)
from capture_desktop.store.secret_errors import SecretStoreUnavailable

__all__ = ["ErrorInfo", "describe_error"]

# The error classes are stdlib-only modules, so matching them costs no httpx or keyring import.
# First match wins: a subclass listed before its base gets its own words.
_TRANSPORT_HINTS: tuple[tuple[type[BaseException], tuple[str, str]], ...] = (
    (
        InsecureTransportRefused,
        (
            "Refused to send credentials without TLS",
            "This profile points at a plain http:// address on a host that is not this "
            "computer. The client secret would travel unencrypted, so the request was not sent. "
            "Use https://, or tick “Allow insecure transport for this profile” in the profile "
            "if you really must.",
        ),
    ),
    (
        TimeoutError_,
        (
            "The server did not answer in time",
            "The request timed out. Check the network or try again in a moment.",
        ),
    ),
    (
        NetworkError,
        (
            "Could not reach the server",
            "The connection failed. Check the Capture domain in the profile and your network.",
        ),
    ),
    (
        SecretStoreUnavailable,
        (
            "No system keyring is available",
            "Capture Desktop keeps secrets only in the system keyring, and none was found. "
            "On Linux install and unlock a Secret Service (for example GNOME Keyring or "
            "KWallet), then try again. Secrets are never written to a plain file.",
        ),
    ),
)


@dataclass(frozen=True)
class ErrorInfo:
    """What the presenter shows: a title, a plain-words meaning and labelled details."""

    title: str
    meaning: str
    details: list[tuple[str, str]] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [self.title, "", self.meaning, ""]
        lines += [f"{name}: {value}" for name, value in self.details]
        return "\n".join(lines).rstrip() + "\n"


def describe_error(exc: BaseException) -> ErrorInfo:
    """Explain ``exc`` for a person. Pure; used by the window, the banner and tests."""
    if isinstance(exc, ApiError):
        details: list[tuple[str, str]] = [("Code", f"{exc.code} {exc.error}".strip())]
        if exc.error_description:
            details.append(("Server said", exc.error_description))
        if exc.argument_name:
            details.append(("Argument", exc.argument_name))
        if exc.http_status:
            details.append(("HTTP status", str(exc.http_status)))
        details.append(("Request ID", exc.request_id or "(none)"))
        meaning = exc.meaning or "The server refused the request."
        return ErrorInfo(f"Capture error {exc.code}", meaning, details)
    for klass, (title, meaning) in _TRANSPORT_HINTS:
        if isinstance(exc, klass):
            extra = str(exc)
            return ErrorInfo(title, meaning, [("Detail", extra)] if extra else [])
    if isinstance(exc, CaptureError):
        detail = str(exc)
        meaning = exc.meaning or "The request to Capture failed."
        return ErrorInfo("Request failed", meaning, [("Detail", detail)] if detail else [])
    if isinstance(exc, FileNotFoundError) and "cert" in str(exc).lower():
        return ErrorInfo(
            "TLS certificate bundle missing",
            "The certificate file named by SSL_CERT_FILE (or the profile's CA bundle) does "
            "not exist, so secure connections cannot be made.",
            [("Detail", str(exc))],
        )
    return ErrorInfo(
        "Something went wrong",
        "An unexpected error occurred. The details below and the log file help us fix it.",
        [("Error", f"{type(exc).__name__}: {exc}")],
    )
