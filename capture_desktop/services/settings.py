"""User preferences (non-secret): a small JSON file in the config folder.

Loaded once at start; ``save()`` writes atomically. Unknown keys are ignored and missing
ones take defaults, so older and newer files both load.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

log = logging.getLogger("capture_desktop.services.settings")


@dataclass
class Settings:
    clipboard_clear_seconds: float = 30.0
    auto_refresh_default: bool = True
    request_timeout_seconds: float = 30.0
    console_max_entries: int = 2000
    confirm_production_writes: bool = True
    last_profile: str | None = None
    # Lifetimes the embedded sandbox starts with (seconds); short values help QA watch expiry.
    sandbox_access_token_lifetime: int = 3600
    sandbox_port: int = 0
    # The sandbox's --lenient switch (docs/sandbox-fidelity.md) and its --schema files: the
    # JSON the real /entityType returns, one or more types per file. Applied at its start.
    sandbox_lenient: bool = False
    sandbox_schema_files: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file unreadable, using defaults: %s", exc)
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        if isinstance(raw, dict):
            for key, value in raw.items():
                if key in known:
                    values[key] = value
        # The sandbox's switches reach its config: only well-typed values do.
        if values.get("sandbox_lenient") is not True:
            values.pop("sandbox_lenient", None)
        files = values.pop("sandbox_schema_files", None)
        if isinstance(files, list):
            values["sandbox_schema_files"] = [f for f in files if isinstance(f, str) and f]
        try:
            return cls(**values)
        except TypeError:
            return cls()

    def save(self, path: Path) -> None:
        import tempfile  # here, not at import: nothing before the first paint needs it

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh, indent=2, sort_keys=True)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def settings_path() -> Path:
    from capture_desktop.store import paths

    return paths.config_dir() / "settings.json"
