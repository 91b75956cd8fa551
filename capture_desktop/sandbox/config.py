"""Sandbox configuration: the frozen start-up config and the mutable runtime settings.

`SandboxConfig` is what callers pass to `create_app`; `RuntimeSettings` is the live copy that the
admin route (`/__sandbox__/settings`) reads and changes while the sandbox runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SandboxConfig:
    """Start-up settings. Lifetimes are seconds; `None` refresh lifetime means no expiry."""

    data_dir: Path
    access_token_lifetime: int = 3600
    refresh_token_lifetime: int | None = None
    code_lifetime: int = 30
    creation_token_lifetime: int = 3600
    lenient_redirect_uri: bool = False
    latency_ms: int = 0
    error_rate: float = 0.0
    error_code: int = 500
    drop_rate: float = 0.0
    signed_skew_seconds: int = 300
    rate_limit_per_second: float | None = None
    seed_users: int = 0
    # Restores the behaviours no public source shows (docs/sandbox-fidelity.md).
    lenient: bool = False
    # JSON files as the real /entityType returns them; their types replace the stored ones.
    schema_files: tuple[Path, ...] = ()


# The runtime-adjustable fields, with the types the admin route accepts for each.
_SETTINGS_TYPES: dict[str, tuple[type, ...]] = {
    "access_token_lifetime": (int,),
    "refresh_token_lifetime": (int, type(None)),
    "code_lifetime": (int,),
    "creation_token_lifetime": (int,),
    "lenient_redirect_uri": (bool,),
    "latency_ms": (int,),
    "error_rate": (float, int),
    "error_code": (int,),
    "drop_rate": (float, int),
    "signed_skew_seconds": (int,),
    "rate_limit_per_second": (float, int, type(None)),
    "lenient": (bool,),
}


class SettingsError(ValueError):
    """A runtime settings change was rejected; the message says why."""


@dataclass
class RuntimeSettings:
    """The live, mutable settings. Reads are plain attribute reads; writes take a lock."""

    access_token_lifetime: int = 3600
    refresh_token_lifetime: int | None = None
    code_lifetime: int = 30
    creation_token_lifetime: int = 3600
    lenient_redirect_uri: bool = False
    latency_ms: int = 0
    error_rate: float = 0.0
    error_code: int = 500
    drop_rate: float = 0.0
    signed_skew_seconds: int = 300
    rate_limit_per_second: float | None = None
    lenient: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def from_config(cls, config: SandboxConfig) -> RuntimeSettings:
        values = {name: getattr(config, name) for name in _SETTINGS_TYPES}
        settings = cls()
        settings.update(values)
        return settings

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _SETTINGS_TYPES}

    def update(self, changes: dict[str, Any]) -> None:
        """Validate every change first, then apply them all (all or nothing)."""
        checked: dict[str, Any] = {}
        for name, value in changes.items():
            if name not in _SETTINGS_TYPES:
                raise SettingsError(f"unknown setting: {name}")
            types = _SETTINGS_TYPES[name]
            # bool is an int subclass: only accept it where bool is the declared type.
            if isinstance(value, bool) and bool not in types:
                raise SettingsError(f"{name} must be {_type_names(types)}")
            if not isinstance(value, types):
                raise SettingsError(f"{name} must be {_type_names(types)}")
            checked[name] = _check_range(name, value)
        with self._lock:
            for name, value in checked.items():
                setattr(self, name, value)


def _type_names(types: tuple[type, ...]) -> str:
    return " or ".join("null" if t is type(None) else t.__name__ for t in types)


def _check_range(name: str, value: Any) -> Any:
    if value is None:
        return value
    if name in ("error_rate", "drop_rate"):
        if not 0.0 <= float(value) <= 1.0:
            raise SettingsError(f"{name} must be between 0 and 1")
        return float(value)
    if name == "error_code" and value not in (500, 510):
        raise SettingsError("error_code must be 500 or 510")
    if name == "rate_limit_per_second":
        if float(value) <= 0:
            raise SettingsError("rate_limit_per_second must be positive or null")
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise SettingsError(f"{name} must not be negative")
    return value
