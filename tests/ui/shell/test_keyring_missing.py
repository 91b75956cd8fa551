"""No system keyring (keyring's fail backend): the welcome page and the status bar say so, and
the profile wizard for a real https application explains what to install before and when
saving, keeps everything typed but the secret, and stays open."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtWidgets import QWizard

from capture_desktop.services.session import Session
from capture_desktop.services.settings import Settings
from capture_desktop.ui.main_window import MainWindow
from capture_desktop.ui.profile_wizard import ProfileWizard
from tests.helpers.qt import wait_until

INSTALL_WORDS = ("gnome keyring", "install")


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
async def bare_session(app_home: Path, no_keyring: None, qapp: Any) -> AsyncIterator[Session]:
    session = Session(Settings())
    await session.start()
    try:
        yield session
    finally:
        await session.aclose()


@pytest.fixture
def window(bare_session: Session) -> Iterator[MainWindow]:
    window = MainWindow(bare_session)
    window.show()
    yield window
    window.close()
    window.deleteLater()


def _closed_port() -> int:
    """A loopback port nobody listens on (the connection test fails fast, offline)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_welcome_page_and_status_bar_say_the_keyring_is_missing(
    window: MainWindow, bare_session: Session
) -> None:
    assert bare_session.keyring_problem
    assert window.root.currentWidget() is window.welcome
    status = window.welcome.status.text()
    assert "keyring" in status.lower() and all(w in status.lower() for w in INSTALL_WORDS), status
    assert window.welcome.status.isVisible()
    note = window.keyring_note
    assert note.isVisible() and "keyring" in note.text().lower(), note.text()
    assert "install" in note.toolTip().lower(), note.toolTip()


async def test_profile_wizard_explains_and_keeps_the_entries(
    window: MainWindow, bare_session: Session
) -> None:
    wizard = window.new_profile()
    assert isinstance(wizard, ProfileWizard)
    url = f"https://127.0.0.1:{_closed_port()}"
    wizard.connection.name.setText("Acme staging")
    wizard.connection.base_url.setText(url)
    wizard.next()
    assert wizard.currentPage() is wizard.page_client
    # Warned on the page where the secret is asked for, before it is typed.
    warning = wizard.keyring_warning
    assert warning.isVisible(), "the client page says there is no keyring"
    assert all(w in warning.text().lower() for w in INSTALL_WORDS), warning.text()
    wizard.client.client_id.setText("acme-client-id")
    wizard.client.secret.entry.setText("s3cret-value")
    wizard.client.type_name.setText("member")
    wizard.next()
    wizard.redirect.ports.setText("8765")
    wizard.next()
    assert wizard.currentPage() is wizard.page_test
    await wait_until(lambda: not bare_session.runner.pending(), timeout=15)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    await wait_until(lambda: not bare_session.runner.pending(), timeout=15)

    assert wizard.isVisible(), "the wizard stays open"
    assert not wizard.banner.isHidden()
    shown = wizard.banner.text()
    assert "No system keyring" in shown and "GNOME Keyring" in shown, shown
    assert "Traceback" not in shown and "Something went wrong" not in shown
    assert "s3cret-value" not in shown
    assert "nothing was saved" in wizard.status.text().lower(), wizard.status.text()
    assert bare_session.profiles() == [], "no half-saved profile"
    # Everything but the secret is still there.
    assert wizard.connection.name.text() == "Acme staging"
    assert wizard.connection.base_url.text() == url
    assert wizard.client.client_id.text() == "acme-client-id"
    assert wizard.client.type_name.text() == "member"
    assert wizard.redirect.ports.text() == "8765"
    wizard.close()


async def test_banner_at_the_top_of_the_main_window_says_what_to_install(
    window: MainWindow, bare_session: Session
) -> None:
    banner = window.keyring_banner
    assert banner.isVisible()
    text = banner.text().lower()
    assert "no system keyring" in text and "gnome-keyring" in text, banner.text()
    # Above the pages, not in the status bar.
    assert (
        banner.mapTo(window, banner.rect().topLeft()).y()
        < window.root.mapTo(window, window.root.rect().topLeft()).y()
    )
    assert window.statusBar().isAncestorOf(banner) is False


async def test_keyring_error_text_is_shown_once(bare_session: Session) -> None:
    from capture_desktop.services.error_text import describe_error
    from capture_desktop.store.secret_errors import SecretStoreUnavailable

    try:
        await bare_session.secrets.set("probe", "value")
    except SecretStoreUnavailable as exc:
        info = describe_error(exc)
    else:
        raise AssertionError("the fail backend stored a secret")
    shown = info.as_text()
    assert shown.count("never written to a plain file") == 1, shown
    assert "no keyring backend is available" in shown
