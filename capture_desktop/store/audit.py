"""Local audit log of the record changes this app made: one JSON line per change.

Each line holds the time (UTC), the profile, the operation, the record uuid and the NAMES of
the changed attributes. Never values, never secrets: the log is meant to be shareable with a
team lead without leaking customer data, so anything that does not look like an attribute name
is replaced before it reaches the disk (see ``_clean_name``).

The file lives in ``paths.data_dir()/audit.jsonl`` (``CAPTURE_DESKTOP_HOME`` honoured), is
created ``0600`` and is rotated once to ``audit.jsonl.1`` past ``max_bytes``. Writes are one
small ``O_APPEND`` write per entry, cheap enough to run on the event loop.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from capture_desktop.store import paths

log = logging.getLogger(__name__)

FILE_NAME = "audit.jsonl"
INVALID_NAME = "(invalid attribute name)"
# Capture attribute names are identifiers; paths join them with dots and may carry a plural
# element id (``photos#17.value``) or index (``photos[0]``). Anything else might be a value.
_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_NAME_RE = re.compile(rf"^{_IDENT}(?:#\d+|\[\d+\]|\.{_IDENT})*$")
_OPERATION_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-/]{0,63}$")
_UUID_RE = re.compile(r"^[A-Za-z0-9\-]{1,64}$")
_MAX_NAME = 200
# Markers callers use instead of an attribute name (the records service logs a whole-record
# delete as ``(record)``).
MARKERS = frozenset({"(record)"})

Clock = Callable[[], datetime]
Listener = Callable[["AuditEntry"], None]


@dataclass(frozen=True)
class AuditEntry:
    """One change the app made (names only)."""

    time: datetime
    profile: str
    operation: str
    uuid: str | None
    changed_attributes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat().replace("+00:00", "Z"),
            "profile": self.profile,
            "operation": self.operation,
            "uuid": self.uuid,
            "changed_attributes": list(self.changed_attributes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AuditEntry:
        when = datetime.fromisoformat(str(data["time"]).replace("Z", "+00:00"))
        uuid = data.get("uuid")
        names = data.get("changed_attributes") or []
        return cls(
            time=when,
            profile=str(data.get("profile", "")),
            operation=str(data.get("operation", "")),
            uuid=None if uuid is None else str(uuid),
            changed_attributes=tuple(str(n) for n in names),
        )


def _clean_name(name: object) -> str:
    text = str(name)
    if text in MARKERS:
        return text
    if len(text) > _MAX_NAME or not _NAME_RE.match(text):
        return INVALID_NAME
    return text


def _clean_operation(operation: str) -> str:
    return operation if _OPERATION_RE.match(operation) else "(invalid operation)"


def _clean_uuid(uuid: str | None) -> str | None:
    if uuid is None:
        return None
    return uuid if _UUID_RE.match(uuid) else "(invalid uuid)"


def _utc_now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """Append-only JSONL file of changes; ``subscribe`` to hear about new entries in-process.

    Not thread-safe across processes beyond what ``O_APPEND`` gives (one line per write).
    """

    def __init__(self, path: Path, *, max_bytes: int = 5_000_000, clock: Clock = _utc_now) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._clock = clock
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    @classmethod
    def default(cls) -> AuditLog:
        """The app's audit log under the user data directory."""
        return cls(paths.data_dir() / FILE_NAME)

    @property
    def rotated_path(self) -> Path:
        return self.path.with_name(self.path.name + ".1")

    def record(
        self, profile: str, operation: str, uuid: str | None, changed_attributes: list[str]
    ) -> AuditEntry:
        """Append one entry. ``changed_attributes`` are names (dot paths), never values."""
        cleaned = [_clean_name(n) for n in changed_attributes]
        rejected = cleaned.count(INVALID_NAME)
        if rejected:
            # Deliberately not logging the rejected text: it may be a value.
            log.warning("audit: %d attribute name(s) rejected as not name-shaped", rejected)
        names = sorted(set(cleaned))
        entry = AuditEntry(
            time=self._clock().astimezone(UTC),
            profile=str(profile)[:_MAX_NAME],
            operation=_clean_operation(str(operation)),
            uuid=_clean_uuid(uuid),
            changed_attributes=tuple(names),
        )
        line = (json.dumps(entry.to_json(), ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            self._rotate_if_needed(len(line))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        for listener in list(self._listeners):
            try:
                listener(entry)
            except Exception:
                log.exception("audit listener failed")
        return entry

    def _rotate_if_needed(self, incoming: int) -> None:
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size + incoming > self.max_bytes:
            os.replace(self.path, self.rotated_path)

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """Entries oldest first (the rotated file included); malformed lines are skipped."""
        result: list[AuditEntry] = []
        for file in (self.rotated_path, self.path):
            result.extend(_read_file(file))
        if limit is not None:
            result = result[-limit:] if limit > 0 else []
        return result

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(entry)`` after each ``record`` in this process."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe


def _read_file(file: Path) -> Iterable[AuditEntry]:
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    out: list[AuditEntry] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            out.append(AuditEntry.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def changed_attribute_names(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """Dot paths of the attributes that differ between two record dicts (names only).

    Objects are walked; plurals and scalars compare as a whole under their own name, which is
    what the audit log needs (which attribute changed, not how).
    """
    names: list[str] = []
    _diff(old, new, "", names)
    return sorted(names)


def _diff(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str, out: list[str]) -> None:
    for key in sorted(set(old) | set(new), key=str):
        path = f"{prefix}{key}"
        a, b = old.get(key), new.get(key)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            _diff(a, b, path + ".", out)
        elif a != b or (key in old) != (key in new):
            out.append(path)
