"""The "Connect to my Capture application" wizard: a new connection profile in four steps.

Non-modal (``show()``); the test and the save run as TaskRunner tasks, never a nested loop.
The secret is taken out of its field when the client page is left and kept only in memory
until Finish stores it in the keyring.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from capture_desktop.api.transport import is_insecure_transport
from capture_desktop.services.capabilities import describe_features
from capture_desktop.services.session import ConnectionReport, Session
from capture_desktop.services.tasks import OwnedTasks
from capture_desktop.store.secret_errors import SecretStoreUnavailable
from capture_desktop.ui.a11y import StatusLabel
from capture_desktop.ui.busy import busy
from capture_desktop.ui.dialogs import modeless
from capture_desktop.ui.error_banner import ErrorBanner
from capture_desktop.ui.icons import icon
from capture_desktop.ui.profile_form import ClientSection, ConnectionSection, RedirectSection
from capture_desktop.ui.theme import text_colour

log = logging.getLogger("capture_desktop.ui.profile_wizard")


def report_html(report: ConnectionReport) -> str:
    """The test result as rich text: verdict, then what the client may do."""
    colour = text_colour("ok" if report.ok else "error")
    parts = [f"<p style='color:{colour}; font-weight:600'>{report.summary}</p>"]
    if report.features is not None:
        parts.append("<p><b>What this client may do</b> (from its features):</p><ul>")
        parts += [f"<li>{line}</li>" for line in describe_features(report.features)]
        parts.append("</ul>")
    if report.notes:
        parts.append("<ul>" + "".join(f"<li>{n}</li>" for n in report.notes) + "</ul>")
    return "".join(parts)


def profile_summary(profile: Any, *, keyring_ok: bool = True) -> str:
    ports = ", ".join(str(p) for p in profile.redirect_ports) or "any free port"
    secret = (
        "held in memory, stored in the keyring when you save"
        if keyring_ok
        else "held in memory only: there is no keyring to store it in yet"
    )
    rows = [
        ("Profile", profile.name),
        ("Capture domain", profile.base_url),
        ("Environment", profile.environment),
        ("Client ID", profile.client_id),
        ("Authentication", profile.auth_method),
        ("Default type", profile.type_name),
        ("Redirect", f"{profile.redirect_host_form} · {ports} · {profile.redirect_path}"),
        ("Client secret", secret),
    ]
    cells = "".join(
        f"<tr><td style='padding-right:14px'>{k}</td><td><b>{v}</b></td></tr>" for k, v in rows
    )
    return f"<table>{cells}</table>"


def _is_keyring_problem(exc: BaseException) -> bool:
    return isinstance(exc, SecretStoreUnavailable)


def _advice(problem: str) -> str:
    """The install advice of a keyring problem, without keyring's own first sentence."""
    head, dot, rest = problem.partition(". ")
    return rest if dot and "keyring" in head.lower() and rest else problem


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str, body: QWidget) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.body = body
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleDescription("What is missing")
        self.problem_label.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        body.changed.connect(self._recheck)  # type: ignore[attr-defined]

    def extra_problem(self) -> str | None:
        return None

    def problem(self) -> str | None:
        return self.extra_problem() or self.body.problem()  # type: ignore[attr-defined]

    def _recheck(self) -> None:
        text = self.problem() or ""
        inline = getattr(self.body, "transport_note", None)
        if inline is not None and text and text == inline.text():
            text = ""  # already explained in red beside the field
        self.problem_label.setText(text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.problem() is None


class ProfileWizard(QWizard):
    """Create a connection profile, test it, store its secret, make it active."""

    saved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tasks = OwnedTasks(session.runner)
        modeless(self, "ProfileWizard", "Connect to a Capture application")
        self.setAccessibleDescription("New connection profile")
        self.setWindowIcon(icon("app"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setMinimumSize(620, 500)
        self._secret = ""
        self.last_report: ConnectionReport | None = None

        self.connection = ConnectionSection()
        self.client = ClientSection()
        self.redirect = RedirectSection()
        self.page_connection = _Page(
            "Capture application",
            "Where is your Capture application? Enter its Capture domain, as shown in the "
            "Akamai Identity Cloud Console (e.g. https://acme.us.janraincapture.com).",
            self.connection,
        )
        self.page_connection.extra_problem = self._name_taken  # type: ignore[method-assign]
        self.page_client = _Page(
            "API client",
            "The API client the app acts as. Its secret goes straight to the system keyring.",
            self.client,
        )
        self.page_client.extra_problem = self._secret_missing  # type: ignore[method-assign]
        self.page_client.validatePage = self._take_secret  # type: ignore[method-assign]
        # Said before the secret is typed, not only when Save fails at the very end.
        self.keyring_warning = QLabel()
        self.keyring_warning.setWordWrap(True)
        self.keyring_warning.setAccessibleDescription("Keyring missing")
        self.keyring_warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keyring_warning.setStyleSheet(f"color: {text_colour('error')};")
        client_layout = self.page_client.layout()
        if isinstance(client_layout, QVBoxLayout):
            client_layout.insertWidget(1, self.keyring_warning)
        self._show_keyring_problem(session.keyring_problem)
        self.page_redirect = _Page(
            "Redirect",
            "Where the authorization code comes back to this app (a loopback address).",
            self.redirect,
        )
        self.page_test = QWizardPage()
        self.page_test.setTitle("Test the connection")
        self.page_test.setSubTitle(
            "Capture is called with these settings before anything is saved."
        )
        test_layout = QVBoxLayout(self.page_test)
        self.result_label = QLabel("Testing…")
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleDescription("Connection test result")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = ErrorBanner()
        self.retest = QPushButton("Test again")
        self.retest.setAccessibleDescription("Test the connection again")
        self.retest.clicked.connect(self._start_test)
        self.status = StatusLabel()
        self.status.setAccessibleDescription("Wizard status")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleDescription("Profile summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_layout.addWidget(self.summary)
        test_layout.addWidget(self.result_label)
        test_layout.addWidget(self.banner)
        test_layout.addWidget(self.retest, 0, Qt.AlignmentFlag.AlignLeft)
        test_layout.addStretch(1)
        test_layout.addWidget(self.status)
        self.page_test.initializePage = self._start_test  # type: ignore[method-assign]
        for page in (self.page_connection, self.page_client, self.page_redirect, self.page_test):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Save and connect")
        self.button(QWizard.WizardButton.FinishButton).setAccessibleName("Save and connect")
        self.button(QWizard.WizardButton.NextButton).setAccessibleName("Next")
        self.button(QWizard.WizardButton.BackButton).setAccessibleName("Back")
        self.button(QWizard.WizardButton.CancelButton).setAccessibleName("Cancel")
        for page in (self.page_connection, self.page_client, self.page_redirect):
            page._recheck()

    def _show_keyring_problem(self, problem: str | None) -> None:
        if not problem:
            self.keyring_warning.setText("")
            self.keyring_warning.hide()
            return
        self.keyring_warning.setText(
            "⚠ <b>No system keyring was found</b>, so the client secret cannot be stored and "
            "the profile cannot be saved yet. You can still fill in and test the connection; "
            "what you enter here is kept.<br><br>"
            f"<b>What to do:</b> {escape(_advice(problem))}"
        )
        self.keyring_warning.show()

    # -- page rules ---------------------------------------------------------------------
    def _name_taken(self) -> str | None:
        name = self.connection.name.text().strip()
        if name and name in self.session.profile_store.names():
            return f"A profile named “{name}” already exists; choose another name."
        return None

    def _secret_missing(self) -> str | None:
        if self.client.secret.is_entering() and not self.client.secret.entry.text().strip():
            return "Paste the client secret (it goes to the keyring, never to a file)."
        return None

    def _take_secret(self) -> bool:
        if self.client.secret.is_entering():
            self._secret = self.client.secret.take()
            self.client.secret.show_stored(
                "✔ Will be stored in the keyring when you finish"
                if not self.session.keyring_problem
                else "Held in memory only: there is no keyring to store it in yet"
            )
        return True

    def profile_values(self) -> dict[str, Any]:
        return {**self.connection.values(), **self.client.values(), **self.redirect.values()}

    def build_profile(self) -> Any:
        from capture_desktop.store.profiles import Profile

        return Profile(**self.profile_values())

    # -- test and save ------------------------------------------------------------------
    def _start_test(self) -> None:
        self.tasks.run(self._test(), name="profile-wizard:test")

    async def _test(self) -> None:
        self.banner.clear()
        finish = self.button(QWizard.WizardButton.FinishButton)
        with busy(self.retest, finish, status=self.status, text="Testing the connection…"):
            try:
                profile = self.build_profile()
            except ValueError as exc:
                self.result_label.setText(f"This profile is not valid: {exc}")
                return
            self.summary.setText(
                profile_summary(profile, keyring_ok=not self.session.keyring_problem)
            )
            report = await self.session.test_connection(profile, self._secret)
        self.last_report = report
        self.result_label.setText(report_html(report))
        if report.error is not None:
            self.banner.show_error(report.error)
        if is_insecure_transport(profile.base_url):
            self.status.setText("⚠ Insecure transport is allowed for this profile.")

    def accept(self) -> None:
        self.tasks.run(self._save(), name="profile-wizard:save")

    async def _save(self) -> None:
        finish = self.button(QWizard.WizardButton.FinishButton)
        with busy(finish, status=self.status, text="Saving…"):
            try:
                profile = self.build_profile()
                await self.session.save_profile(profile, self._secret or None)
                self._secret = ""
                await self.session.activate(profile.name)
                if self.last_report is not None and self.last_report.ok:
                    self.session.remember_features(profile.name, self.last_report.features)
            except Exception as exc:
                self.banner.show_error(exc)
                if _is_keyring_problem(exc):
                    self._show_keyring_problem(str(exc))
                    self.status.setText(
                        "Nothing was saved, and what you entered is kept. Install or unlock a "
                        "system keyring, then press “Save and connect” again."
                    )
                return
        self.saved.emit(profile.name)
        super().accept()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.cancel()
        self._secret = ""
        super().closeEvent(event)

    def reject(self) -> None:
        self._secret = ""
        super().reject()
        self.close()
