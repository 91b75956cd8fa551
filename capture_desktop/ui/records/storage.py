"""Drafts of unsaved edits and JSON backups before deletes, under the user data dir (Qt-free).

Both are plain JSON files written atomically (temp file + rename), so a crash never leaves
half a draft or half a backup. Folder names: ``<data>/drafts`` and ``<data>/backups``.
A draft never holds a password: given the schema, password attributes are left out and only
the paths of the changed ones are noted (``passwords_dropped``), so the UI can ask again.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from capture_desktop.redaction import without_secret_values
from capture_desktop.ui.records.passwords import without_passwords
from capture_desktop.ui.records.schema import Schema


def _safe(part: str) -> str:
    """A file-name-safe version of a profile/type/uuid piece."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", part) or "_"


def atomic_write_json(path: Path, payload: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2, ensure_ascii=False, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class Draft:
    """Edits that were not saved: the edited record and the lastUpdated it was based on."""

    profile: str
    type_name: str
    uuid: str
    data: dict[str, Any]
    base_last_updated: str | None
    saved_at: str
    reason: str = ""
    passwords_dropped: tuple[str, ...] = ()  # changed passwords that were not kept


class DraftStore:
    """One JSON file per (profile, type, record); survives restarts."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, profile: str, type_name: str, uuid: str) -> Path:
        return self.folder / f"{_safe(profile)}__{_safe(type_name)}__{_safe(uuid)}.json"

    def save(  # noqa: PLR0917 - one positional per piece of the draft's identity
        self,
        profile: str,
        type_name: str,
        uuid: str,
        data: dict[str, Any],
        base_last_updated: str | None,
        reason: str = "",
        *,
        schema: Schema | None = None,
        base: dict[str, Any] | None = None,
    ) -> Path:
        """Write the draft; with ``schema``, password attributes are dropped (and those that
        differ from ``base``, the record as loaded, are listed as not kept)."""
        dropped: list[str] = []
        if schema is not None:
            data, dropped = without_passwords(schema, data, base)
        # The core rule as well: no value under a secret-looking name, whatever the schema
        # says (a guessed schema knows no password attributes).
        data, by_name = without_secret_values(data)
        dropped += [path for path in by_name if path not in dropped]
        path = self._path(profile, type_name, uuid)
        atomic_write_json(
            path,
            {
                "profile": profile,
                "type_name": type_name,
                "uuid": uuid,
                "data": data,
                "base_last_updated": base_last_updated,
                "saved_at": datetime.now(UTC).isoformat(),
                "reason": reason,
                "passwords_dropped": dropped,
            },
        )
        return path

    def load(self, profile: str, type_name: str, uuid: str) -> Draft | None:
        path = self._path(profile, type_name, uuid)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return Draft(
                profile=raw["profile"],
                type_name=raw["type_name"],
                uuid=raw["uuid"],
                data=raw["data"],
                base_last_updated=raw.get("base_last_updated"),
                saved_at=raw.get("saved_at", ""),
                reason=raw.get("reason", ""),
                passwords_dropped=tuple(raw.get("passwords_dropped") or ()),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def discard(self, profile: str, type_name: str, uuid: str) -> None:
        self._path(profile, type_name, uuid).unlink(missing_ok=True)

    def list(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob("*.json"))


def write_backup(
    folder: Path,
    profile: str,
    type_name: str,
    record: dict[str, Any],
    element_path: str | None = None,
) -> Path:
    """Write the full record (and what is about to be deleted) before a delete; returns the
    file. Raises OSError if it cannot be written, and the caller must then not delete."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    uuid = str(record.get("uuid") or record.get("id") or "record")
    what = _safe(element_path.strip("/")) if element_path else "record"
    path = (
        Path(folder) / f"{stamp}__{_safe(profile)}__{_safe(type_name)}__{_safe(uuid)}__{what}.json"
    )
    atomic_write_json(
        path,
        {
            "profile": profile,
            "type_name": type_name,
            "deleted": element_path or "whole record",
            "backed_up_at": datetime.now(UTC).isoformat(),
            "record": record,
        },
    )
    return path
