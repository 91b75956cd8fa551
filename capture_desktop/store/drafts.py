"""Drafts of unsaved record edits and JSON backups before deletes, under the user data dir.

Both are plain JSON files written atomically (``jsonfile.atomic_write_json``), so a crash
never leaves half a draft or half a backup. Folder names: ``<data>/drafts`` and
``<data>/backups``. A draft must never hold a password: the caller leaves password
attributes out (``capture_desktop.editing.passwords.without_passwords``) and passes the
paths of the changed ones as ``passwords_dropped``, so the UI can ask for them again.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from capture_desktop.store.jsonfile import atomic_write_json


def _safe(part: str) -> str:
    """A file-name-safe version of a profile/type/uuid piece."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", part) or "_"


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
        passwords_dropped: Sequence[str] = (),
    ) -> Path:
        """Write the draft. ``data`` must already be without passwords; ``passwords_dropped``
        names the changed ones that were left out."""
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
                "passwords_dropped": list(passwords_dropped),
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
