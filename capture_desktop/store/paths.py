"""Where Capture Desktop keeps its files: platformdirs folders, or one override folder.

``CAPTURE_DESKTOP_HOME=<dir>`` puts everything under ``<dir>`` (``config/``, ``data/``,
``cache/``, ``logs/``); tests point it at a temporary folder so they never touch the user's
real files. The folders are created on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "capture-desktop"
HOME_ENV = "CAPTURE_DESKTOP_HOME"


def _home() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Profiles and settings (non-secret)."""
    home = _home()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def data_dir() -> Path:
    """Token-slot metadata, the embedded sandbox's data."""
    home = _home()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def cache_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "cache")
    return _ensure(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return _ensure(home / "logs")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))


def profiles_file() -> Path:
    return config_dir() / "profiles.json"


def slots_file() -> Path:
    return data_dir() / "token-slots.json"


def refresh_history_file() -> Path:
    return data_dir() / "refresh-history.json"
