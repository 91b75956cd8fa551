"""A second redaction pass for what the console shows (defence in depth).

The core redacts every event before it is published; this pass masks again anything whose key
names a secret, so a future core field that forgets to redact still never reaches the screen.
Capture's numeric error ``code`` is not a secret and is kept (only string codes are masked).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from capture_desktop.redaction import is_secret_key

MASK = "•••• (redacted)"


def mask(value: Any) -> Any:
    """A copy of ``value`` with secret-named entries masked, recursively."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = str(key)
            if is_secret_key(name) and _maskable(name, item):
                out[name] = MASK
            else:
                out[name] = mask(item)
        return out
    if isinstance(value, list | tuple):
        return [mask(item) for item in value]
    return value


def _maskable(key: str, item: Any) -> bool:
    if item is None or item == "":
        return False
    # Capture error payloads carry an integer ``code``; that one is useful, not secret.
    return not (key.lower() == "code" and isinstance(item, int))


def expand_json_values(params: Any) -> Any:
    """Request parameters with JSON-encoded values (``attributes``, ``sort_on``…) decoded, so
    the detail pane can indent them; anything else is returned unchanged."""
    if not isinstance(params, Mapping):
        return params
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith(("{", "[")):
            try:
                out[str(key)] = json.loads(value)
                continue
            except ValueError:
                pass
        out[str(key)] = value
    return out


def pretty(value: Any) -> str:
    """Masked, indented JSON (falls back to ``str`` for anything JSON cannot encode)."""
    if value is None:
        return "(none)"
    if isinstance(value, str | bytes):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        try:
            value = json.loads(text)
        except ValueError:
            return text
    return json.dumps(mask(value), indent=2, ensure_ascii=False, sort_keys=True, default=str)
