"""Masking for what the wizards show: request previews, responses and redirect URLs.

The wizards display requests before they are sent and responses after; secrets (client
secret, codes, tokens, passwords, PKCE verifiers) must never appear there in clear. Which keys
are secret is the core's rule; the masking is drawn here, so a preview can be shown before
any request (and so any request-log event) exists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from capture_desktop.redaction import is_secret_key

MASK = "••••••"


def is_secret(key: str) -> bool:
    """One rule for the whole app: the core's (``capture_desktop.redaction``)."""
    return is_secret_key(key)


# What the core's request log puts in place of a secret: already masked, keep as is.
_CORE_MASKS = frozenset({"***"})


# Their length alone says too much; tokens and codes may show theirs.
_NO_LENGTH = frozenset({"password", "currentpassword", "client_secret"})


def mask(value: object, key: str = "") -> str:
    """A mask that still tells the user *something* arrived (its length), never its value."""
    text = "" if value is None else str(value)
    if text in _CORE_MASKS or text.startswith(MASK):
        return MASK
    if not text:
        return "(empty)"
    return MASK if key.lower() in _NO_LENGTH else f"{MASK} ({len(text)} chars)"


def shorten(value: str, keep: int = 6) -> str:
    """``abcdef…wxyz`` for long non-secret values (a state) that would only add noise."""
    return value if len(value) <= 2 * keep + 1 else f"{value[:keep]}…{value[-keep:]}"


def redact(data: Any) -> Any:
    """Return a copy of ``data`` (JSON-like) with every secret-named value masked."""
    if isinstance(data, Mapping):
        return {
            # Only strings are secrets: an error's numeric "code" (e.g. 420) stays readable.
            str(k): (mask(v, str(k)) if is_secret(str(k)) and isinstance(v, str) else redact(v))
            for k, v in data.items()
        }
    if isinstance(data, list | tuple):
        return [redact(v) for v in data]
    return data


def redact_url(url: str) -> str:
    """Mask secret query parameters (``code=…``) of a redirect URL, shorten the state; for
    display only (the result is not a usable URL)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    shown = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_secret(key):
            text = MASK
        elif key == "state":
            text = shorten(value)
        else:
            text = value
        shown.append(f"{quote(key)}={text}")
    return urlunsplit(parts._replace(query="&".join(shown)))


def pretty(data: Any) -> str:
    """Indented JSON of the redacted data, for the read-only text views."""
    return json.dumps(redact(data), indent=2, ensure_ascii=False, default=str)
