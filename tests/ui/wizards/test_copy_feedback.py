"""Copy buttons say that they copied: the redirect_uri in the wizards, and the console's
"Copy as curl"."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from capture_desktop.ui.wizards.access_token import AccessTokenWizard
from tests.helpers.qt import wait_until
from tests.helpers.wizards import listen, pick_alice


async def test_copying_the_redirect_uri_says_copied(session: Any) -> None:
    wizard = AccessTokenWizard(session)
    wizard.show()
    await pick_alice(wizard)
    redirect_uri = await listen(wizard)
    field = wizard.redirect_step.uri_field
    assert field.value() == redirect_uri
    label = field.button.text()
    field.button.click()
    assert QGuiApplication.clipboard().text() == redirect_uri
    assert "Copied" in field.button.text()
    await wait_until(lambda: field.button.text() == label, timeout=5)
    await wizard.aclose()


async def test_copy_as_curl_says_copied(session: Any) -> None:
    from capture_desktop.ui.console.view import ConsoleView

    view = ConsoleView(session)
    view.show()
    await session.client().entity_count("user")
    await wait_until(lambda: view.model.rowCount() >= 1)
    view.select_row(view.model.rowCount() - 1)
    view.copy_button.click()
    assert "curl" in QGuiApplication.clipboard().text()
    assert "Copied" in view.copy_button.text()
    await wait_until(lambda: view.copy_button.text() == "Copy as curl", timeout=5)
    view.close()
    view.deleteLater()
