"""Validating a redirect to ``redirect_uri``: the one check shared by the loopback receiver
and a redirect URL the user pastes in.

A callback is accepted only when it carries exactly one ``state`` equal to the attempt's
state (compared in constant time) and either a ``code`` or an ``error``. Everything else is
refused with a ``CallbackRefused`` that says why, and the attempt goes on waiting.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

#: More than enough for any real code or state; longer values are refused, not truncated.
MAX_CODE_CHARS = 4096
MAX_STATE_CHARS = 512
MAX_FIELDS = 64
_ERROR_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_MAX_DESCRIPTION = 300


def new_state() -> str:
    """A fresh 256-bit state value, URL-safe."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class CallbackResult:
    """What arrived at ``redirect_uri``: a code, or the error the server sent instead."""

    code: str | None = field(repr=False)
    state: str = field(repr=False)
    error: str | None = None
    error_description: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is not None and self.error is None


class SignInDenied(Exception):
    """The redirect came back with an OAuth error instead of a code (or with neither).

    ``cancelled`` is true for ``access_denied``: the person refused or cancelled sign-in.
    """

    def __init__(self, error: str, description: str | None = None) -> None:
        text = f"Sign-in failed: {error}"
        super().__init__(f"{text} ({description})" if description else text)
        self.error = error
        self.description = description

    @property
    def error_description(self) -> str | None:
        return self.description

    @property
    def cancelled(self) -> bool:
        return self.error == "access_denied"

    @classmethod
    def from_result(cls, result: CallbackResult) -> SignInDenied:
        return cls(result.error or "no_code", result.error_description)


class CallbackRefused(ValueError):
    """The request is not an acceptable callback for this attempt.

    ``reason`` is one of: missing_state, wrong_state, ambiguous, no_code, too_long,
    not_a_url, wrong_redirect_uri.
    """

    _TEXT: ClassVar[dict[str, str]] = {
        "missing_state": "The callback has no state parameter, so it cannot be trusted.",
        "wrong_state": "The callback's state does not match this sign-in attempt.",
        "ambiguous": "The callback repeats a parameter, so it cannot be trusted.",
        "no_code": "The callback carries neither a code nor an error.",
        "too_long": "The callback carries an implausibly long value.",
        "not_a_url": "This is not a redirect URL.",
        "wrong_redirect_uri": "The URL does not go to this attempt's redirect_uri.",
    }

    def __init__(self, reason: str) -> None:
        super().__init__(self._TEXT.get(reason, reason))
        self.reason = reason


def _single(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise CallbackRefused("ambiguous")
    return values[0]


def validate_query(query: str, expected_state: str) -> CallbackResult:
    """Check the query string of a callback against ``expected_state``."""
    try:
        params = parse_qs(
            query, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="replace"
        )
    except ValueError:
        raise CallbackRefused("ambiguous") from None
    state = _single(params, "state")
    if not state:
        raise CallbackRefused("missing_state")
    if len(state) > MAX_STATE_CHARS:
        raise CallbackRefused("too_long")
    if not hmac.compare_digest(state.encode("utf-8"), expected_state.encode("utf-8")):
        raise CallbackRefused("wrong_state")
    error = _single(params, "error")
    if error is not None:
        description = _single(params, "error_description")
        return CallbackResult(
            code=None,
            state=state,
            # The page shows the error name: keep it to a plain token, never raw input.
            error=error if _ERROR_RE.match(error) else "invalid_error",
            error_description=description[:_MAX_DESCRIPTION] if description else None,
        )
    code = _single(params, "code")
    if not code:
        raise CallbackRefused("no_code")
    if len(code) > MAX_CODE_CHARS:
        raise CallbackRefused("too_long")
    return CallbackResult(code=code, state=state)


def _host(netloc_host: str | None) -> str:
    return (netloc_host or "").lower().strip("[]")


def parse_redirect_url(
    url: str, expected_state: str, expected_redirect_uri: str | None = None
) -> CallbackResult:
    """Validate a redirect URL the user pasted (e.g. when the browser could not reach us).

    With ``expected_redirect_uri`` the scheme, host, port and path must match it too (and any
    query parameters it carries must be present unchanged). A bare query
    (``?code=..&state=..``) is accepted when no redirect_uri is expected.
    """
    text = url.strip()
    if not text or any(ch.isspace() for ch in text):
        raise CallbackRefused("not_a_url")
    parts = urlsplit(text)
    if not parts.scheme:
        if expected_redirect_uri is not None or not text.lstrip("?"):
            raise CallbackRefused("not_a_url")
        return validate_query(text.lstrip("?"), expected_state)
    if parts.scheme not in ("http", "https"):
        raise CallbackRefused("not_a_url")
    if expected_redirect_uri is not None:
        want = urlsplit(expected_redirect_uri)
        try:
            same_port = parts.port == want.port
        except ValueError:
            same_port = False
        if (
            parts.scheme != want.scheme
            or _host(parts.hostname) != _host(want.hostname)
            or not same_port
            or unquote(parts.path or "/") != unquote(want.path or "/")
        ):
            raise CallbackRefused("wrong_redirect_uri")
        got = parse_qs(parts.query, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        for key, values in parse_qs(want.query, keep_blank_values=True).items():
            if got.get(key) != values:
                raise CallbackRefused("wrong_redirect_uri")
    return validate_query(parts.query, expected_state)
