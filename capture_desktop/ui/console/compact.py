"""Keep console entries small: long result lists and huge strings are trimmed on the way in.

The console is bounded by count (``max_entries``), but an ``entity.find`` page can carry
hundreds of records; an export of 100k records would otherwise keep all of them alive through
the console. ``compact(event)`` returns an event whose ``response`` keeps the first
``MAX_ITEMS`` elements of each list (plus a note of how many were dropped) and whose long
strings are cut at ``MAX_CHARS``. The core's private raw request values travel along
(``dataclasses.replace``), so “Copy as curl” still works, revealed or not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capture_desktop.api.request_log import RequestEvent

MAX_ITEMS = 10
MAX_CHARS = 20_000
_MAX_DEPTH = 12


def compact(event: RequestEvent) -> RequestEvent:
    """The event itself when it is small, else a trimmed copy (same id, same raw values)."""
    changes: dict[str, Any] = {}
    response = event.response
    trimmed, changed = _trim(response, 0)
    if changed:
        changes["response"] = trimmed
    params = event.params
    if isinstance(params, Mapping):
        new_params, changed = _trim(params, 0)
        if changed:
            changes["params"] = new_params
    return dataclasses.replace(event, **changes) if changes else event


def _trim(value: Any, depth: int) -> tuple[Any, bool]:
    if isinstance(value, str):
        if len(value) > MAX_CHARS:
            return value[:MAX_CHARS] + f"… ({len(value) - MAX_CHARS:,} more characters)", True
        return value, False
    if depth >= _MAX_DEPTH:
        return value, False
    if isinstance(value, Mapping):
        changed = False
        out: dict[Any, Any] = {}
        for key, item in value.items():
            out[key], item_changed = _trim(item, depth + 1)
            changed = changed or item_changed
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        changed = len(value) > MAX_ITEMS
        items: list[Any] = []
        for item in value[:MAX_ITEMS]:
            new, item_changed = _trim(item, depth + 1)
            items.append(new)
            changed = changed or item_changed
        if len(value) > MAX_ITEMS:
            items.append(f"… {len(value) - MAX_ITEMS:,} more not kept by the console")
        return (items, True) if changed else (value, False)
    return value, False
