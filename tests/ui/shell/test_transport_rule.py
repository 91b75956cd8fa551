"""One insecure-transport rule: the profile form, the status pill and the client agree.

``http://app.localhost`` is not provably this computer (the system resolver decides where a
``.localhost`` name goes), so the client refuses to send it a secret. The form used to accept it
without a warning, and every call of the saved profile then failed.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from capture_desktop.api.client import CaptureClient
from capture_desktop.api.credentials import BasicAuth
from capture_desktop.api.errors import InsecureTransportRefused
from capture_desktop.api.transport import make_http_client
from capture_desktop.services.session import Session
from capture_desktop.store.profiles import Profile
from capture_desktop.ui.profile_wizard import ProfileWizard
from capture_desktop.ui.status import EnvironmentBanner

URL = "http://app.localhost:8123"


async def test_form_pill_and_client_agree_on_a_dotlocalhost_url(session: Session) -> None:
    wizard = ProfileWizard(session)
    wizard.show()
    try:
        wizard.connection.name.setText("Dev")
        wizard.connection.base_url.setText(URL)
        assert not wizard.page_connection.isComplete()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        assert "clear text" in wizard.connection.transport_note.text()
        wizard.connection.allow_insecure.setChecked(True)
        assert wizard.page_connection.isComplete()
        assert "Insecure transport allowed" in wizard.connection.transport_note.text()
    finally:
        wizard.close()

    banner = EnvironmentBanner()
    banner.show()
    try:
        allowed = Profile(name="Dev", base_url=URL, client_id="abc", allow_insecure=True)
        banner.set_profile(allowed)
        assert banner.insecure.isVisible()
    finally:
        banner.close()

    async with make_http_client() as http:
        client = CaptureClient(http, URL, BasicAuth("abc", "s3cret"))
        with pytest.raises(InsecureTransportRefused):
            await client.entity_count("user")
