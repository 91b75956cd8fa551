"""Old-versus-new record comparison and the payloads for entity.update / entity.replace (Qt-free).

Plural elements are matched by their server-assigned ``id``, so a changed element shows as a
change of ``statuses#12.status`` and not as a remove plus an add. ``update`` merges: it can add
and change elements but not remove them; ``replace`` writes everything, and whatever is not
given becomes null, with every plural element getting a new id.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any, Literal

from capture_desktop.editing.schema import SYSTEM_ATTRIBUTES

Kind = Literal["added", "removed", "changed"]
_MISSING: Any = object()


@dataclass(frozen=True)
class Change:
    """One difference; ``path`` uses dots for objects and ``#id`` for plural elements."""

    path: str
    kind: Kind
    old: Any = None
    new: Any = None

    @property
    def top_level(self) -> str:
        return self.path.split(".")[0].split("#")[0].split("[")[0]


def _is_plural(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) for e in value)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _diff(old: Any, new: Any, path: str, out: list[Change]) -> None:
    if old is _MISSING:
        out.append(Change(path, "added", None, new))
        return
    if new is _MISSING:
        out.append(Change(path, "removed", old, None))
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            _diff(old.get(key, _MISSING), new.get(key, _MISSING), _join(path, key), out)
        return
    if _is_plural(old) and _is_plural(new) and (old or new):
        old_by_id = {e["id"]: e for e in old if "id" in e}
        seen: set[Any] = set()
        for index, element in enumerate(new):
            eid = element.get("id")
            if eid is not None and eid in old_by_id:
                seen.add(eid)
                _diff(old_by_id[eid], element, f"{path}#{eid}", out)
            else:
                out.append(Change(f"{path}[+{index}]", "added", None, element))
        for eid, element in old_by_id.items():
            if eid not in seen:
                out.append(Change(f"{path}#{eid}", "removed", element, None))
        return
    if old != new or type(old) is not type(new):
        out.append(Change(path, "changed", old, new))


def diff_records(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two records, system attributes left out."""
    out: list[Change] = []
    a = {k: v for k, v in old.items() if k not in SYSTEM_ATTRIBUTES}
    b = {k: v for k, v in new.items() if k not in SYSTEM_ATTRIBUTES}
    _diff(a, b, "", out)
    return out


def changed_attributes(changes: list[Change]) -> list[str]:
    """Top-level attribute names touched by ``changes`` (what the audit log records)."""
    return sorted({c.top_level for c in changes})


def removed_elements(changes: list[Change]) -> list[str]:
    """Paths of plural elements removed (``statuses#12``): update cannot express these."""
    return [c.path for c in changes if c.kind == "removed" and c.path.split("#")[-1].isdigit()]


def _strip_ids(value: Any) -> Any:
    """Drop plural-element ids: a replace assigns new ids, and a client-sent id is refused."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _strip_nested_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nested_ids(v) for k, v in value.items()}
    if _is_plural(value):
        return [_strip_ids(e) for e in value]
    return value


def replace_payload(new: dict[str, Any]) -> dict[str, Any]:
    """What entity.replace gets: the whole record without system attributes or element ids."""
    body = {k: v for k, v in new.items() if k not in SYSTEM_ATTRIBUTES}
    return _strip_nested_ids(copy.deepcopy(body))  # type: ignore[no-any-return]


def _update_value(old: Any, new: Any) -> Any:
    """The merge value for one changed attribute: only the changed keys of objects, and only
    new (id-less) or changed (with id) plural elements."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {
            k: _update_value(old.get(k), v) for k, v in new.items() if k not in old or old[k] != v
        }
    if _is_plural(old) and _is_plural(new):
        old_by_id = {e["id"]: e for e in old if "id" in e}
        out = []
        for element in new:
            eid = element.get("id")
            if eid is None or eid not in old_by_id:
                out.append(_strip_ids(element))
            elif old_by_id[eid] != element:
                out.append(copy.deepcopy(element))
        return out
    return copy.deepcopy(new)


def update_payload(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What entity.update gets: changed attributes only. Removed attributes are sent as null
    (the merge cannot drop a key otherwise); removed plural elements are not expressible."""
    body: dict[str, Any] = {}
    for key, value in new.items():
        if key in SYSTEM_ATTRIBUTES:
            continue
        if key not in old or old[key] != value:
            merged = _update_value(old.get(key), value)
            if merged in ([], {}) and old.get(key) not in (None, [], {}):
                continue  # only removals inside: nothing a merge can send
            body[key] = merged
    for key in old:
        if key not in new and key not in SYSTEM_ATTRIBUTES:
            body[key] = None
    return body


def rebase(latest: dict[str, Any], edited: dict[str, Any], mine: set[str]) -> dict[str, Any]:
    """The user's changed top-level attributes (``mine``) reapplied on the server's newer
    version, so saving again does not undo someone else's change to other attributes."""
    out = copy.deepcopy(latest)
    for key in mine:
        if key in edited:
            out[key] = copy.deepcopy(edited[key])
        else:
            out.pop(key, None)
    return out


def short(value: Any, limit: int = 80) -> str:
    """A one-line rendering of a value for the diff table."""
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
