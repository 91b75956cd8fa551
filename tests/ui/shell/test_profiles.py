"""Creating, editing, duplicating and deleting connection profiles through the UI."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import QWizard

from capture_desktop.sandbox import load_clients
from capture_desktop.services.session import Session
from capture_desktop.store.secrets import client_secret_key
from capture_desktop.ui.main_window import MainWindow
from capture_desktop.ui.profile_dialog import DeleteProfileConfirm, ProfileDialog
from capture_desktop.ui.profile_wizard import ProfileWizard
from tests.helpers.qt import wait_until


def _client(session: Session, feature: str) -> dict[str, Any]:
    for client in load_clients(session.sandbox.data_dir):
        if client["features"] == [feature]:
            return client
    raise KeyError(feature)


async def test_wizard_refuses_plain_http_to_a_remote_host(session: Session) -> None:
    wizard = ProfileWizard(session)
    wizard.show()
    try:
        wizard.connection.name.setText("Remote")
        wizard.connection.base_url.setText("http://capture.example.com")
        assert not wizard.page_connection.isComplete()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        assert "clear text" in wizard.connection.transport_note.text()
        wizard.connection.allow_insecure.setChecked(True)
        assert wizard.page_connection.isComplete()
        assert "Insecure transport allowed" in wizard.connection.transport_note.text()
        wizard.connection.base_url.setText("https://capture.example.com")
        assert wizard.connection.transport_note.text() == ""
    finally:
        wizard.close()


async def test_wizard_creates_a_tested_profile_with_its_secret_in_the_keyring(
    sandbox_session: Session, memory_keyring: Any
) -> None:
    session = sandbox_session
    client = _client(session, "direct_access")
    wizard = ProfileWizard(session)
    wizard.show()
    wizard.connection.name.setText("My app")
    wizard.connection.base_url.setText(session.sandbox.base_url)
    wizard.next()
    assert wizard.currentPage() is wizard.page_client
    wizard.client.client_id.setText(client["client_id"])
    assert not wizard.page_client.isComplete()  # no secret yet
    wizard.client.secret.entry.setText(client["client_secret"])
    wizard.client.auth_method.setCurrentIndex(wizard.client.auth_method.findData("signed"))
    wizard.next()
    # Once taken, the secret is in no field; only its state is shown.
    assert wizard.client.secret.entry.text() == ""
    assert not wizard.client.secret.is_entering()
    wizard.next()
    assert wizard.currentPage() is wizard.page_test
    await wait_until(lambda: wizard.last_report is not None)
    report = wizard.last_report
    assert report is not None and report.ok, wizard.result_label.text()
    assert "Connected" in wizard.result_label.text()
    saved_names: list[str] = []
    wizard.saved.connect(saved_names.append)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    await wait_until(lambda: bool(saved_names))  # the wizard deletes itself after saving
    assert saved_names == ["My app"]
    saved = session.profile_store.get("My app")
    assert saved.auth_method == "signed" and saved.client_id == client["client_id"]
    stored = memory_keyring.get_password("capture-desktop", client_secret_key("My app"))
    assert stored == client["client_secret"]
    assert client["client_secret"] not in session.profile_store.path.read_text()
    assert session.profile() == saved


async def test_edit_duplicate_and_delete(sandbox_session: Session, memory_keyring: Any) -> None:
    session = sandbox_session
    window = MainWindow(session)
    window.show()
    try:
        await window._duplicate("Sandbox")
        assert session.profile() is not None and session.profile().name == "Sandbox copy"
        assert memory_keyring.get_password("capture-desktop", "Sandbox copy:client_secret")
        editors = [w for w in window._windows if isinstance(w, ProfileDialog)]
        assert len(editors) == 1
        editor = editors[0]
        await wait_until(lambda: "Checking" not in editor.client.secret.state.text())
        assert "Stored in keyring" in editor.client.secret.state.text()
        editor.connection.name.setText("Renamed")
        editor.connection.environment.setCurrentIndex(
            editor.connection.environment.findData("production")
        )
        editor.save_button.click()
        await wait_until(lambda: getattr(session.profile(), "name", "") == "Renamed")
        assert "Sandbox copy" not in session.profile_store.names()
        assert session.profile() is not None and session.profile().environment == "production"
        assert window.banner.environment.text().startswith("PRODUCTION")
        # The secret moved with the rename.
        assert memory_keyring.get_password("capture-desktop", "Renamed:client_secret")
        assert not memory_keyring.get_password("capture-desktop", "Sandbox copy:client_secret")

        confirm = window.delete_profile()
        assert isinstance(confirm, DeleteProfileConfirm)
        confirm.delete_button.click()
        await wait_until(lambda: getattr(session.profile(), "name", "") != "Renamed")
        assert "Renamed" not in session.profile_store.names()
        assert not memory_keyring.get_password("capture-desktop", "Renamed:client_secret")
        assert session.profile() is not None and session.profile().name != "Renamed"
    finally:
        window.close()
        window.deleteLater()


async def test_insecure_profile_shows_a_red_warning(session: Session) -> None:
    from capture_desktop.store.profiles import Profile

    profile = Profile(
        name="Lab", base_url="http://capture.lab.example", client_id="abc", allow_insecure=True
    )
    await session.save_profile(profile, "s3cret")
    await session.activate("Lab")
    window = MainWindow(session)
    window.show()
    try:
        assert window.banner.insecure.isVisible()
        safe = dataclasses.replace(profile, name="Lab TLS", base_url="https://capture.lab.example")
        await session.save_profile(safe, "s3cret")
        await session.activate("Lab TLS")
        assert not window.banner.insecure.isVisible()
        assert window.banner.environment.text() == "DEVELOPMENT"
    finally:
        window.close()
        window.deleteLater()
