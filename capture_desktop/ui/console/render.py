"""How the console renders JSON: decoded parameter values and indented, masked payloads.

The core redacts every event before it is published; ``pretty`` applies the core's
``redact_json`` again (defence in depth), so a future core field that forgets to redact still
never reaches the screen. The rule and the mask are ``capture_desktop.redaction``'s.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from capture_desktop.redaction import redact_json


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
    return json.dumps(redact_json(value), indent=2, ensure_ascii=False, sort_keys=True, default=str)
