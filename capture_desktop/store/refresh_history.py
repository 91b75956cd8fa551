"""The refresh history of token slots on disk: when each refresh ran and whether it worked.

Facts only (time, outcome, our own short reason); never a token value. One versioned JSON
file in the data folder, written atomically; an unreadable file is set aside and the history
starts empty rather than stopping the app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from capture_desktop.store.jsonfile import StoreFileError, atomic_write_json, read_versioned

log = logging.getLogger(__name__)

FILE_VERSION = 1
MAX_PER_SLOT = 50


@dataclass(frozen=True)
class RefreshEntry:
    slot_id: str
    at: datetime
    ok: bool
    detail: str


class RefreshHistoryStore:
    """Newest-first entries per slot, at most ``MAX_PER_SLOT`` each."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, list[RefreshEntry]]:
        try:
            items = read_versioned(self.path, version=FILE_VERSION, key="entries") or []
        except StoreFileError as exc:
            log.warning("refresh history unreadable, starting empty: %s", exc)
            return {}
        out: dict[str, list[RefreshEntry]] = {}
        for item in items:
            try:
                entry = RefreshEntry(
                    str(item["slot_id"]),
                    datetime.fromisoformat(str(item["at"])),
                    bool(item["ok"]),
                    str(item.get("detail") or ""),
                )
            except (KeyError, ValueError) as exc:
                log.warning("skipping a refresh history entry: %s", exc)
                continue
            out.setdefault(entry.slot_id, []).append(entry)
        return out

    def save(self, history: dict[str, list[RefreshEntry]]) -> None:
        entries = [
            {"slot_id": e.slot_id, "at": e.at.isoformat(), "ok": e.ok, "detail": e.detail}
            for slot_entries in history.values()
            for e in slot_entries[:MAX_PER_SLOT]
        ]
        atomic_write_json(self.path, {"version": FILE_VERSION, "entries": entries})
