"""Edit a connection profile (non-modal), and confirm deleting one with its secrets.

The secret is never shown: the editor says whether one is stored in the keyring and offers
Replace and Forget, which act on the keyring at once.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capture_desktop.services.session import Session
from capture_desktop.services.tasks import OwnedTasks
from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.busy import busy
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.icons import icon
from capture_desktop.ui.profile_form import ClientSection, ConnectionSection, RedirectSection
from capture_desktop.ui.profile_wizard import report_html


def _group(title: str, body: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(body)
    return box


class ProfileDialog(QDialog):
    """Change a profile's settings, replace or forget its secret, test it."""

    def __init__(self, session: Session, profile: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = OwnedTasks(session.runner)
        self.original = profile
        modeless(self, "ProfileDialog", f"Edit profile — {profile.name}", "Edit connection profile")
        self.setWindowIcon(icon("edit"))
        self.connection = ConnectionSection()
        self.client = ClientSection()
        self.redirect = RedirectSection()
        for section in (self.connection, self.client, self.redirect):
            section.load(profile)
        self.client.secret.show_stored("Checking the keyring…")
        self.client.secret.forget_requested.connect(self._forget)
        layout = QVBoxLayout(self)
        layout.addWidget(_group("Capture application", self.connection))
        layout.addWidget(_group("API client", self.client))
        layout.addWidget(_group("Redirect", self.redirect))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleDescription("Connection test result")
        self.banner = ErrorBanner()
        self.status = StatusLabel()
        self.status.setAccessibleDescription("Profile editor status")
        layout.addWidget(self.result_label)
        layout.addWidget(self.banner)
        buttons = QDialogButtonBox()
        self.test_button = QPushButton("Test connection")
        self.test_button.setAccessibleName("Test connection")
        self.save_button = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save profile")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.test_button.clicked.connect(self._start_test)
        self.save_button.clicked.connect(self._start_save)
        cancel.clicked.connect(self.close)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for section in (self.connection, self.client, self.redirect):
            section.changed.connect(self._recheck)
        self._recheck()
        self.tasks.run(self._load_secret_state(), name="profile-dialog:secret-state")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel()
        super().closeEvent(event)

    def problem(self) -> str | None:
        for section in (self.connection, self.client, self.redirect):
            found = section.problem()
            if found:
                return found
        name = self.connection.name.text().strip()
        if name != self.original.name and name in self.session.profile_store.names():
            return f"A profile named “{name}” already exists."
        return None

    def _recheck(self) -> None:
        problem = self.problem()
        self.save_button.setEnabled(problem is None)
        self.status.setText(problem or "")

    async def _load_secret_state(self) -> None:
        try:
            stored = await self.session.has_client_secret(self.original.name)
        except Exception as exc:
            self.banner.show_error(exc)
            self.client.secret.show_missing()
            return
        if stored:
            self.client.secret.show_stored()
        else:
            self.client.secret.show_missing()

    def _forget(self) -> None:
        self.tasks.run(self._do_forget(), name="profile-dialog:forget")

    async def _do_forget(self) -> None:
        with busy(self.client.secret, status=self.status, text="Removing the secret…"):
            await self.session.forget_client_secret(self.original.name)
        self.client.secret.show_missing()
        self.status.setText("The client secret was removed from the keyring.")

    def build_profile(self) -> Any:
        values = {**self.connection.values(), **self.client.values(), **self.redirect.values()}
        return dataclasses.replace(self.original, **values)

    def _start_test(self) -> None:
        self.tasks.run(self._test(), name="profile-dialog:test")

    async def _test(self) -> None:
        self.banner.clear()
        with busy(self.test_button, self.save_button, status=self.status, text="Testing…"):
            profile = self.build_profile()
            secret = (
                self.client.secret.entry.text().strip()
                if self.client.secret.is_entering()
                else None
            )
            if not secret:
                secret = await self.session.client_secret(self.original.name)
            report = await self.session.test_connection(profile, secret)
        self.result_label.setText(report_html(report))
        if report.error is not None:
            self.banner.show_error(report.error)

    def _start_save(self) -> None:
        self.tasks.run(self._save(), name="profile-dialog:save")

    async def _save(self) -> None:
        self.banner.clear()
        with busy(self.save_button, self.test_button, status=self.status, text="Saving…"):
            try:
                profile = self.build_profile()
                secret = self.client.secret.take() if self.client.secret.is_entering() else None
                await self.session.save_profile(profile, secret or None, replace=self.original.name)
            except Exception as exc:
                self.banner.show_error(exc)
                return
        self.close()


class DeleteProfileConfirm(QDialog):
    """Ask before deleting a profile; deleting also removes its secrets and token slots."""

    def __init__(self, session: Session, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = OwnedTasks(session.runner)
        self.name = name
        modeless(self, "DeleteProfileConfirm", "Delete profile", "Delete profile")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"<b>Delete the profile “{name}”?</b><br><br>Its client secret and the tokens of "
            "its slots are removed from the keyring. Records in Capture are not touched."
        )
        text.setWordWrap(True)
        text.setAccessibleDescription("Delete explanation")
        self.banner = ErrorBanner()
        buttons = QDialogButtonBox()
        self.delete_button = QPushButton(icon("delete"), "Delete profile and secrets")
        self.delete_button.setAccessibleName("Delete profile and secrets")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        cancel.setDefault(True)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        cancel.clicked.connect(self.close)
        self.delete_button.clicked.connect(
            lambda: self.tasks.run(self._delete(), name="profile:delete")
        )
        layout.addWidget(text)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel()
        super().closeEvent(event)

    async def _delete(self) -> None:
        with busy(self.delete_button):
            try:
                await self.session.delete_profile(self.name)
            except Exception as exc:
                self.banner.show_error(exc)
                return
        self.close()
