"""Named placeholders for every secret a request-log event can carry.

The request log already masks secrets as ``***``; a ticket reader needs to know *what* was
there, so each secret-keyed value becomes a named placeholder (``[CLIENT_SECRET]``,
``[ACCESS_TOKEN]``, …). ``state`` is not a credential for the log's purposes but it is for a
ticket (it guards a sign-in in flight), so it is replaced here too. Works on keys, so a value
is replaced whatever it looks like; ``export`` scans the result for known secrets afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from capture_desktop.redaction import is_secret_key

# The placeholders that stand in for secrets (names, not values).
CLIENT_SECRET = "[CLIENT_SECRET]"  # noqa: S105 - a placeholder name
ACCESS_TOKEN = "[ACCESS_TOKEN]"  # noqa: S105 - a placeholder name
REFRESH_TOKEN = "[REFRESH_TOKEN]"  # noqa: S105 - a placeholder name
CREATION_TOKEN = "[CREATION_TOKEN]"  # noqa: S105 - a placeholder name
AUTHORIZATION_CODE = "[AUTHORIZATION_CODE]"
PASSWORD = "[PASSWORD]"  # noqa: S105 - a placeholder name
PKCE_VERIFIER = "[PKCE_VERIFIER]"
STATE = "[STATE]"
SIGNATURE = "[SIGNATURE]"
CLIENT_CREDENTIALS = "[CLIENT_CREDENTIALS]"

_BY_KEY = {
    "client_secret": CLIENT_SECRET,
    "secret": CLIENT_SECRET,
    "new_secret": CLIENT_SECRET,
    "access_token": ACCESS_TOKEN,
    "accesstoken": ACCESS_TOKEN,
    "refresh_token": REFRESH_TOKEN,
    "creation_token": CREATION_TOKEN,
    "code": AUTHORIZATION_CODE,
    "authorizationcode": AUTHORIZATION_CODE,
    "authorization_code": AUTHORIZATION_CODE,
    "code_verifier": PKCE_VERIFIER,
    "state": STATE,
    "signature": SIGNATURE,
}


def placeholder_for(key: str) -> str | None:
    """The placeholder for ``key``'s value, or ``None`` when the value may be shown."""
    low = key.lower()
    if low in _BY_KEY:
        return _BY_KEY[low]
    if "password" in low:
        return PASSWORD
    if is_secret_key(key):
        return f"[{low.upper()}]"
    return None


def scrub_json(value: Any) -> Any:
    """A copy with secret-keyed string values replaced (Capture's integer ``code`` stays)."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = placeholder_for(str(key))
            if name is not None and isinstance(item, str) and item:
                out[str(key)] = name
            else:
                out[str(key)] = scrub_json(item)
        return out
    if isinstance(value, list):
        return [scrub_json(v) for v in value]
    return value


def scrub_value(key: str, value: str) -> str:
    """One form parameter: a placeholder, or JSON text with its nested secrets replaced."""
    name = placeholder_for(key)
    if name is not None:
        return name
    if value.startswith(("{", "[")):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return json.dumps(scrub_json(parsed), separators=(",", ":"), ensure_ascii=False)
    return value


def scrub_params(params: Mapping[str, str]) -> dict[str, str]:
    return {key: scrub_value(key, value) for key, value in params.items()}


def scrub_headers(headers: Mapping[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers.items():
        low = name.lower()
        if low in ("authorization", "proxy-authorization"):
            scheme, _, rest = value.partition(" ")
            if scheme == "Basic":
                out[name] = f"Basic {CLIENT_CREDENTIALS}"
            elif scheme == "Signature":
                client_id = rest.split(":", 1)[0]
                out[name] = f"Signature {client_id}:{SIGNATURE}"
            else:
                out[name] = f"{scheme} {ACCESS_TOKEN}"
        elif low in ("cookie", "set-cookie"):
            out[name] = "[COOKIE]"
        else:
            out[name] = value
    return out


def scrub_url(url: str) -> str:
    """A URL with secret query parameters (code, state, tokens) replaced."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = [(k, scrub_value(k, v)) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="[]")))
