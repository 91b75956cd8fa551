"""Every wizard window says which environment it acts on, in red when TLS is off."""

from __future__ import annotations

from typing import Any, cast

from capture_desktop.store.profiles import Profile
from capture_desktop.ui.wizards.base import WizardBase


async def test_wizard_shows_the_environment_of_its_profile(session: Any) -> None:
    wizard = WizardBase(session, "Probe", "a wizard with no steps")
    try:
        wizard.show()
        assert wizard.environment.environment.text() == "SANDBOX · local emulator"
        assert not wizard.environment.insecure.isVisible()
    finally:
        await wizard.aclose()


async def test_wizard_on_an_insecure_profile_shows_the_red_warning(session: Any) -> None:
    # The profile is only read: no request goes to this host.
    lab = Profile(
        name="Lab",
        base_url="http://capture.lab.example",
        client_id="abc",
        allow_insecure=True,
        environment="production",
    )

    class _Fixed:
        runner = session.runner

        def profile(self) -> Profile:
            return lab

    wizard = WizardBase(cast(Any, _Fixed()), "Probe", "a wizard with no steps")
    try:
        wizard.show()
        assert wizard.environment.insecure.isVisible()
        assert wizard.environment.environment.text().startswith("PRODUCTION")
    finally:
        await wizard.aclose()
