"""The part of the session the console uses, without profiles or a keyring."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from capture_desktop.api.request_log import RequestLog
from capture_desktop.services.settings import Settings
from capture_desktop.services.tasks import TaskRunner
from capture_desktop.ui.console.model import DEFAULT_MAX_ENTRIES


class ConsoleSession(QObject):
    request_logged = Signal(object)
    settings_changed = Signal()

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        # No clipboard wipe unless a test asks for one; the model's own default bound.
        self.settings = settings or Settings(
            console_max_entries=DEFAULT_MAX_ENTRIES, clipboard_clear_seconds=0
        )
        self.request_log = RequestLog()
        self.saved: list[Settings] = []
        self.runner = TaskRunner(self)

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.saved.append(settings)
        self.settings_changed.emit()
