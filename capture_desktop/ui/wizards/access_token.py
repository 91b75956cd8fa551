"""AccessTokenWizard: the authorization-code flow for one record, one visible step at a time.

Type and record → Redirect (loopback receiver) → Code (getAuthorizationCode, delivered to the
redirect_uri) → Exchange (oauth/token, stored in a slot) → Result. Non-modal; Cancel at any
step stops the receiver and every running request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from capture_desktop.api.selectors import RecordSelector
from capture_desktop.services.flows import ReceiverHolder
from capture_desktop.ui.wizards.base import WizardBase
from capture_desktop.ui.wizards.code_step import CodeStep
from capture_desktop.ui.wizards.exchange_step import ExchangeStep
from capture_desktop.ui.wizards.record_step import RecordPreset, RecordStep
from capture_desktop.ui.wizards.redirect_step import RedirectStep

if TYPE_CHECKING:
    from capture_desktop.services.session import Session

Preset = RecordPreset | tuple[str, RecordSelector] | RecordSelector


def as_preset(preset: Preset | None, type_name: str | None = None) -> RecordPreset | None:
    """Accept a ``RecordPreset``, a ``(type_name, RecordSelector)`` pair, or a bare
    ``RecordSelector`` with ``type_name`` (as ``MainWindow.start_access_token_wizard`` sends)."""
    if preset is None or isinstance(preset, RecordPreset):
        return preset
    if isinstance(preset, tuple) and len(preset) == 2:
        return RecordPreset(str(preset[0]), preset[1])
    if isinstance(preset, RecordSelector):
        return RecordPreset(type_name or "user", preset)
    raise TypeError("preset must be a RecordPreset, a (type_name, selector) pair or a selector")


class AccessTokenWizard(WizardBase):
    """Get an access token for one record through the authorization-code flow."""

    def __init__(
        self,
        session: Session,
        preset: Preset | None = None,
        parent: QWidget | None = None,
        *,
        preset_record: Preset | None = None,
        type_name: str | None = None,
    ) -> None:
        super().__init__(
            session,
            "Get an access token",
            "Issue an access token that acts as <i>one</i> user record, the way Capture's "
            "authorization-code flow does it. Each step shows the request before it is sent.",
            parent,
        )
        self.setObjectName("AccessTokenWizard")
        self.holder = ReceiverHolder(self.flows, self.state)
        self.add_cleanup(self.holder.close)

        self.record_step = RecordStep(self)
        self.redirect_step = RedirectStep(self, self.holder)
        self.code_step = CodeStep(self, self.holder)
        self.exchange_step = ExchangeStep(self)
        chosen = as_preset(preset if preset is not None else preset_record, type_name)
        if chosen is not None:
            self.record_step.apply_preset(chosen)
        self.add_steps(
            self.record_step,
            self.redirect_step,
            self.code_step,
            self.exchange_step,
            result_page=True,
        )
