"""Versioned JSON files written atomically, with a corrupt file kept aside.

Used for the profiles file and the token-slot metadata file. A write goes to a temporary
file in the same folder, is flushed to disk and then renamed over the old file, so a crash
never leaves half a file. A file that cannot be read is renamed to ``<name>.corrupt-<time>``
and reported; it is never silently replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class StoreFileError(Exception):
    """A store file could not be used."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class StoreFileCorrupt(StoreFileError):
    """The file was unreadable; it was moved to ``kept_at`` and an empty store starts."""

    def __init__(self, path: Path, kept_at: Path, reason: str) -> None:
        super().__init__(
            path,
            f"{path.name} could not be read ({reason}). The file was kept as {kept_at.name} "
            "so nothing is lost; a new, empty file will be used.",
        )
        self.kept_at = kept_at
        self.reason = reason


class StoreFileTooNew(StoreFileError):
    """The file was written by a newer version; it is left untouched."""

    def __init__(self, path: Path, version: int, supported: int) -> None:
        super().__init__(
            path,
            f"{path.name} has format version {version}, newer than this app understands "
            f"({supported}). Update Capture Desktop; the file was left untouched.",
        )
        self.version = version
        self.supported = supported


def atomic_write_json(path: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` to ``path`` via a temp file and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _keep_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, kept)
    return kept


def read_versioned(path: Path, *, version: int, key: str) -> list[dict[str, Any]] | None:
    """Return the list under ``key`` of a ``{"version": N, key: [...]}`` file.

    ``None`` when the file does not exist. Raises ``StoreFileCorrupt`` (after moving the file
    aside) when it is not such a document, ``StoreFileTooNew`` when ``version`` is too high.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    reason: str | None = None
    items: list[dict[str, Any]] = []
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = f"not valid JSON: {exc}"
    else:
        if not isinstance(doc, dict) or not isinstance(doc.get("version"), int):
            reason = "no format version"
        elif doc["version"] > version:
            raise StoreFileTooNew(path, doc["version"], version)
        elif not isinstance(doc.get(key), list) or not all(
            isinstance(item, dict) for item in doc[key]
        ):
            reason = f"no {key!r} list"
        else:
            items = doc[key]
    if reason is not None:
        raise StoreFileCorrupt(path, _keep_aside(path), reason)
    return items


def read_keyed(
    path: Path,
    *,
    version: int,
    key: str,
    parse: Callable[[dict[str, Any]], T],
    key_of: Callable[[T], str],
    what: str,
    corrupt: type[StoreFileCorrupt],
) -> dict[str, T]:
    """The entries under ``key`` (see ``read_versioned``), parsed and keyed by ``key_of``.

    An unreadable file, or an entry ``parse`` rejects (TypeError/ValueError; ``what`` names
    it in the message), is moved aside and raised as ``corrupt``.
    """
    try:
        items = read_versioned(path, version=version, key=key)
    except StoreFileCorrupt as exc:
        raise corrupt(exc.path, exc.kept_at, exc.reason) from exc
    parsed: dict[str, T] = {}
    try:
        for item in items or []:
            value = parse(item)
            parsed[key_of(value)] = value
    except (TypeError, ValueError) as exc:
        raise corrupt(path, _keep_aside(path), f"{what}: {exc}") from exc
    return parsed
