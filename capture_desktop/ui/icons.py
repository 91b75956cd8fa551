"""Load the app's own SVG icons (resources/icons) as QIcons, tinted for dark schemes.

``QIcon(path)`` hands the file to Qt's own SVG icon engine, which renders lazily at the size
and mode asked for, so building the window pays for no pixmaps. For a dark scheme a tinted
copy of each SVG is written once to the cache folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from capture_desktop import _resources
from capture_desktop.ui.theme import is_dark

_LIGHT_STROKE = "#3d6fb6"
_DARK_STROKE = "#8fb4ec"


@cache
def _path(name: str, dark: bool) -> str:
    source = _resources.resource(f"icons/{name}.svg")
    if not dark and isinstance(source, Path):
        return str(source)
    # A zipped install or a dark scheme: write the (tinted) SVG to the cache folder.
    from capture_desktop.store import paths

    text = source.read_text(encoding="utf-8")
    if dark:
        text = text.replace(_LIGHT_STROKE, _DARK_STROKE)
    folder = paths.cache_dir() / ("icons-dark" if dark else "icons")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.svg"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return str(target)


def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``, sharp at any size and device pixel ratio."""
    return QIcon(_path(name, is_dark()))


def clear_cache() -> None:
    """Forget resolved icon paths (after the colour scheme changes)."""
    _path.cache_clear()
