"""What the flow wizards show of requests, responses and redirect URLs, secrets masked.

The wizards display a request before it is sent and the response after; client secrets,
codes, tokens, passwords and PKCE verifiers never appear there in clear. Which keys are
secret, and the mask itself, are the core's (``capture_desktop.redaction``); this module adds
only display: a length hint, a shortened state, indented JSON. Qt-free, so a preview can be
drawn (and tested) before any request or request-log event exists.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from capture_desktop.redaction import MASK, is_secret_key, redact_json

__all__ = ["MASK", "is_secret_key", "mask", "pretty", "redact", "redact_url", "shorten"]

# Their length alone says too much; tokens and codes may show theirs.
_NO_LENGTH = frozenset({"password", "currentpassword", "client_secret"})


def mask(value: object, key: str = "") -> str:
    """A mask that still tells the user *something* arrived (its length), never its value."""
    text = "" if value is None else str(value)
    if not text:
        return "(empty)"
    if text.startswith(MASK):  # already masked by the core's request log
        return MASK
    return MASK if key.lower() in _NO_LENGTH else f"{MASK} ({len(text)} chars)"


def shorten(value: str, keep: int = 6) -> str:
    """``abcdef…wxyz`` for long non-secret values (a state) that would only add noise."""
    return value if len(value) <= 2 * keep + 1 else f"{value[:keep]}…{value[-keep:]}"


def redact(data: Any) -> Any:
    """A copy of ``data`` (JSON-like) with every secret-keyed value masked: the core's rule."""
    return redact_json(data)


def redact_url(url: str) -> str:
    """Mask secret query parameters (``code=…``) of a redirect URL, shorten the state; for
    display only (the result is not a usable URL)."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    shown = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_secret_key(key):
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
