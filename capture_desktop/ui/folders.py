"""Show a file path without letting it size the window, and open a folder in the file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel


def open_folder(path: Path) -> bool:
    """Open ``path`` (created if missing) in the system's file manager."""
    # Imported here: QUrl's enums cost start-up, and nothing opens a folder before a click.
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    path.mkdir(parents=True, exist_ok=True)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))


def elided_path(label: QLabel, path: Path, *, prefix: str = "", max_width: int = 420) -> str:
    """``prefix`` + ``path`` elided in the middle to ``max_width`` pixels of ``label``'s font;
    the full path goes to the tooltip. A long path in a label otherwise becomes the
    label's minimum width, and with it the window's."""
    metrics = QFontMetrics(label.font())
    shown = metrics.elidedText(str(path), Qt.TextElideMode.ElideMiddle, max_width)
    label.setToolTip(str(path))
    return prefix + shown
