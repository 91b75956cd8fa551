"""A red, persistent bar for rotated refresh tokens the keyring refused to store.

Such a token lives in memory only: when the app quits, that sign-in is lost. The bar stays
until the tokens are saved (it cannot be dismissed) and offers "Retry saving". It reads the
keeper's ``unsaved()`` and follows the session's slot-state signal. ``guard_quit`` makes the
main window ask before quitting while such tokens exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from capture_desktop.services.session import Session


class UnsavedTokensBar(QFrame):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("UnsavedTokensBar")
        self.setAccessibleName("Unsaved tokens")
        self.setStyleSheet(
            "#UnsavedTokensBar { background: #c62828; border-radius: 4px; }"
            " #UnsavedTokensBar QLabel { color: white; }"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.retry_button = QPushButton("Retry saving")
        self.retry_button.setAccessibleName("Retry saving the unsaved tokens")
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self._problem = ""
        session.slot_state_changed.connect(self.update_from_keeper)
        session.slots_changed.connect(self.update_from_keeper)
        self.update_from_keeper()

    def unsaved_ids(self) -> list[str]:
        return self.session.unsaved_token_ids()

    def update_from_keeper(self, *_args: object) -> None:
        ids = self.unsaved_ids()
        self.setVisible(bool(ids))
        if not ids:
            self._problem = ""
            return
        import html  # loaded with the first unsaved token, not at start-up

        labels = []
        for slot_id in ids:
            slot = self.session.tokens.slot(slot_id)
            labels.append(str(getattr(slot, "label", None) or slot_id))
        text = (
            f"<b>Not saved:</b> the new refresh token of {html.escape(', '.join(labels))} "
            "could not be stored in the keyring. It is held in memory only: if the app quits "
            "now, this session's sign-in is lost."
        )
        if self._problem:
            text += f"<br>The keyring still refuses: {html.escape(self._problem)}"
        self.text.setText(text)

    def retry(self) -> None:
        self.retry_button.setEnabled(False)
        self.session.runner.run(self._retry(), name="tokens:retry-save")

    async def _retry(self) -> None:
        try:
            for slot_id in self.unsaved_ids():
                try:
                    await self.session.token_keeper.retry_save(slot_id)
                except Exception as exc:  # shown in the bar, which stays
                    self._problem = str(exc)
        finally:
            self.retry_button.setEnabled(True)
            self.update_from_keeper()


def guard_quit(window: QWidget, session: Session, event: QCloseEvent) -> bool:
    """Stop the first close while tokens are unsaved and ask (non-modally) whether to quit.

    Returns True when the close was stopped. "Quit anyway" closes the window again, and that
    close goes through.
    """
    if getattr(window, "_quit_despite_unsaved", False) or not session.loaded:
        return False
    ids = session.unsaved_token_ids()
    if not ids:
        return False
    event.ignore()
    from PySide6.QtWidgets import QMessageBox  # its enums load on first use

    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Quit and lose this sign-in?",
        f"The new refresh token of {len(ids)} token slot(s) could not be saved in the keyring. "
        "If you quit now, this session's sign-in is lost and the slot needs a new sign-in.",
        QMessageBox.StandardButton.Cancel,
        window,
    )
    box.setInformativeText("Use “Retry saving” in the Tokens page first, if you can.")
    quit_button = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)

    def finished(_result: int) -> None:
        if box.clickedButton() is quit_button:
            window._quit_despite_unsaved = True  # type: ignore[attr-defined]
            window.close()

    box.finished.connect(finished)
    window._unsaved_quit_box = box  # type: ignore[attr-defined]
    box.open()  # never exec(): this may run inside the event loop's coroutines
    return True
